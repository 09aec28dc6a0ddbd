#!/usr/bin/env bash
# Refresh the organiser admin's Simplified Chinese catalogues, then compile them.
#
# forums/locale holds every admin string, including those of sessions/admin*.py and
# attendees/admin.py (a gettext catalogue is global, so one place serves all three
# apps). sessions/locale and attendees/locale get only what their models.py and
# apps.py declare (model and field names), added when missing: the rest of those
# catalogues belongs to the helpers who own those apps and is left untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
XGETTEXT=(xgettext --language=Python --from-code=UTF-8 --add-comments=Translators --sort-by-file
  --keyword=gettext_noop --keyword=gettext_lazy --keyword=ngettext_lazy:1,2
  --keyword=pgettext:1c,2 --keyword=pgettext_lazy:1c,2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

po=forums/locale/zh_Hans/LC_MESSAGES/django.po
# makemessages only sees forums/, so it would drop the other apps' admin strings:
# keep the old catalogue as a compendium to restore their translations.
cp "$po" "$tmp/old.po"
(cd forums && ../.venv/bin/django-admin makemessages -l zh_Hans --no-obsolete >/dev/null)
"${XGETTEXT[@]}" -o "$tmp/admin.pot" sessions/admin.py sessions/admin_forms.py attendees/admin.py
msgcat --use-first -o "$tmp/all.pot" "$po" "$tmp/admin.pot"
msgmerge --quiet --no-fuzzy-matching --compendium "$tmp/old.po" -o "$po" "$po" "$tmp/all.pot"

for app in sessions attendees; do
  po=$app/locale/zh_Hans/LC_MESSAGES/django.po
  (cd "$app" && "${XGETTEXT[@]}" -o "$tmp/$app.pot" apps.py models.py)
  msgcat --use-first --no-wrap -o "$tmp/$app.po" "$po" "$tmp/$app.pot"
  # Rewrite the catalogue only when a model name is missing, so its owner's layout stays.
  if [ "$(grep -c '^msgid' "$tmp/$app.po")" != "$(grep -c '^msgid' "$po")" ]; then
    cp "$tmp/$app.po" "$po"
  fi
done

for app in forums sessions attendees; do
  (cd "$app" && ../.venv/bin/django-admin compilemessages -l zh_Hans >/dev/null)
done
for app in forums sessions attendees; do
  printf '%s: ' "$app"
  msgfmt --statistics -o /dev/null "$app/locale/zh_Hans/LC_MESSAGES/django.po"
done
