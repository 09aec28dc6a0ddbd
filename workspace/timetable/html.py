"""One day of the grid as HTML, written here rather than in a template: at 1,000 sessions
the template engine spent most of the page's time on the blocks' few dozen tags each.
Every text is escaped; the markup matches what timetable.js and the print view expect."""

from __future__ import annotations

from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workspace.timetable.grid import SPANNING_KINDS, Block, Day, Grid


def _classes(block: Block) -> str:
    item = block.item
    classes = ["tt-block"]
    if item.spanning:
        classes.append("tt-spanning")
    if block.colour is not None:
        classes.append(f"tt-c{block.colour}")
    elif item.kind in SPANNING_KINDS:
        classes.append("tt-break")
    else:
        classes.append("tt-plenary")
    if item.cancelled:
        classes.append("tt-cancelled")
    if item.editable:
        classes.append("tt-editable")
    if item.changes:
        classes.append("tt-changed")
    return " ".join(classes)


def _block(block: Block, words: dict[str, str]) -> str:
    item = block.item
    start, end = f"{block.start:%H:%M}", f"{block.end:%H:%M}"
    attributes = [
        f'class="{_classes(block)}"',
        f'style="grid-column: {block.column} / {block.column_end}; grid-row: {block.row} / {block.row_end}; '
        f'--lane: {block.lane}; --lanes: {block.lanes}"',
        f'data-id="{item.id}" data-start="{start}" data-end="{end}" data-room="{item.room_id or ""}"',
    ]
    if item.spanning:
        attributes.append('data-spanning="1"')
    if item.changes:
        attributes.append(f'data-changes="{escape(" ".join(item.changes))}"')
    attributes.append(f'tabindex="0" role="button" aria-roledescription="{words["block"]}"')
    attributes.append('aria-describedby="tt-keys"' if item.editable else 'aria-disabled="true"')
    kind = escape(item.kind_label) + (f" · {words['cancelled']}" if item.cancelled else "")
    parts = [
        f"<div {' '.join(attributes)}>",
        f'<span class="tt-time">{start}\u2013{end}</span>',
        f'<strong class="tt-title">{escape(item.title)}</strong>',
        f'<span class="tt-kind">{kind}</span>',
    ]
    if item.speakers:
        parts.append(f'<span class="tt-speakers">{escape(item.speakers)}</span>')
    if item.changes:
        parts.append(f'<span class="tt-change-note">{words["changed"]}</span>')
    parts.append("</div>")
    return "".join(parts)


def day_html(day: Day, grid: Grid, *, hidden: bool = False) -> SafeString:
    """The ``<section class="tt-day">`` of one day: room headers, hour labels, blocks. The
    editor hides every day but the first from the start (its tabs show the others), so the
    browser never lays out days nobody looks at."""
    words = {
        "block": escape(_("session block")),
        "cancelled": escape(pgettext("timetable block", "cancelled")),
        "changed": escape(_("changed")),
    }
    date = day.date.isoformat()
    parts = [
        f'<section class="tt-day" id="tt-day-{date}" data-date="{date}" data-first="{day.first_minute}" '
        f'data-last="{day.last_minute}" style="--rooms: {len(grid.rooms)}; --rows: {day.rows}" '
        f'aria-label="{escape(formats.date_format(day.date, "DATE_FORMAT"))}"{" hidden" if hidden else ""}>',
        f'<div class="tt-corner">{escape(formats.date_format(day.date, "m-d D"))}</div>',
    ]
    for column, _room in enumerate(grid.rooms, start=2):
        parts.append(f'<div class="tt-col" style="grid-column: {column}; grid-row: 2 / -1"></div>')
    for column, room in enumerate(grid.rooms, start=2):
        parts.append(
            f'<div class="tt-room" style="grid-column: {column}" title="{escape(str(room))}" '
            f'data-room="{room.pk}">{escape(room.name)}</div>'
        )
    for row, label in day.hours:
        parts.append(f'<div class="tt-hour" style="grid-row: {row}">{label}</div>')
    parts.extend(_block(block, words) for block in day.blocks)
    parts.append("</section>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped or a number
