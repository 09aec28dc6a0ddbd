"""What the reminders carry over to next year's edition (a ``forums.carry_over`` step)."""

from __future__ import annotations

from forums.carry_over import CarryOver
from notifications.models import ReminderRule, ReminderTemplate


def carry_reminder_rules(context: CarryOver) -> None:
    """The reminder rules with their texts in every language and audience. A rule
    about one sub-forum follows the sub-forum of the same slug in the new edition;
    without one (sub-forums not carried over) it is left behind."""
    sub_forums = {sf.slug: sf.pk for sf in context.edition.sub_forums.all()}
    rules = context.previous.reminder_rules.select_related("sub_forum").prefetch_related("templates")
    for rule in rules:
        sub_forum_id = None
        if rule.sub_forum_id is not None:
            sub_forum_id = sub_forums.get(rule.sub_forum.slug)
            if sub_forum_id is None:
                continue
        copy = ReminderRule.objects.create(
            edition=context.edition,
            sub_forum_id=sub_forum_id,
            name=rule.name,
            anchor=rule.anchor,
            offset=rule.offset,
            is_active=rule.is_active,
        )
        ReminderTemplate.objects.bulk_create(
            ReminderTemplate(
                rule=copy,
                audience=template.audience,
                language=template.language,
                subject=template.subject,
                body_text=template.body_text,
                body_html=template.body_html,
            )
            for template in rule.templates.all()
        )
