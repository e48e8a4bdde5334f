"""POST /api/groups/{id}/entry: adds existing entries of the group's event to the group."""
from django.utils import timezone
from django.utils.translation import gettext as _

from racing.models import Entry, Group

from .numerals import parse_id
from .writes import require_writable_event


def add_group_members(group_id, entities, user_id):
    """Each entity names an entry by `entry_id` or `entry_bib`; the reply says, per entity,
    whether it was added ("updated": the entry changed groups) or why not."""
    event_id = Group.objects.values_list("event_id", flat=True).get(pk=group_id)
    require_writable_event(event_id, user_id)
    in_event = Entry.objects.filter(event_id=event_id)
    by_id = {str(pk): pk for pk in in_event.filter(
        pk__in=[parse_id(e.get("entry_id", "")) for e in entities if parse_id(e.get("entry_id", ""))]).values_list("pk", flat=True)}
    by_bib = dict(in_event.filter(bib__in=[e["entry_bib"] for e in entities if e.get("entry_bib")])
                  .values_list("bib", "pk"))
    replies, members = [], []
    for entity in entities:
        if entity.get("entry_id"):
            entry_id = by_id.get(entity["entry_id"].strip())
            problem = {"entry_id": [_("no entry %(id)s in this event") % {"id": entity["entry_id"]}]}
        elif entity.get("entry_bib"):
            entry_id = by_bib.get(entity["entry_bib"])
            problem = {"entry_bib": [_("no entry with bib %(bib)s in this event") % {"bib": entity["entry_bib"]}]}
        else:
            entry_id, problem = None, {"entry_id": [_("name the entry by entry_id or entry_bib")]}
        if entry_id is None:
            replies.append({"status": "error", "entry_id": "", "errors": problem})
            continue
        members.append(Entry.groups.through(entry_id=entry_id, group_id=group_id))
        replies.append({"status": "updated", "entry_id": str(entry_id), "errors": {}})
    Entry.groups.through.objects.bulk_create(members, ignore_conflicts=True)
    Entry.objects.filter(pk__in=[m.entry_id for m in members]).update(modified=timezone.now())
    return replies
