"""The registry agrees with the domain and with the envelope table of SPEC §2."""
import pytest

from api.registry import registry

SPEC_COLLECTIONS = {
    ("event", None): "event", ("event", "race"): "event_race", ("event", "entry"): "event_entry",
    ("race", "entry"): "race_entry", ("groups", "entry"): "group_entry", ("event", "athlete"): "event_athlete",
    ("event", "results"): "event_results", ("race", "results"): "race_results",
    ("bracket", "results"): "bracket_results", ("interval", "results"): "interval_results",
    ("entry", "results"): "entry_results", ("event", "interval"): "event_interval",
    ("race", "interval"): "race_interval", ("event", "bracket"): "event_bracket", ("race", "bracket"): "race_bracket",
    ("event", "wave"): "event_wave", ("race", "wave"): "race_wave", ("event", "timing-point"): "event_timing_point",
    ("race", "timing-point"): "race_timing_point", ("interval", "timing-point"): "interval_timing_point",
    ("event", "timing-device"): "event_timing_device", ("race", "timing-device"): "race_timing_device",
    ("interval", "timing-device"): "interval_timing_device",
    ("timing-point", "timing-device"): "timing_point_timing_device", ("timing-device", "timing-mat"): "timing_mat",
    ("event", "groups"): "event_group", ("entry", "groups"): "entry_group",
}
SPEC_SINGLE = {"event": "event", "race": "event_race", "entry": "entry", "athlete": "athlete",
               "interval": "interval", "bracket": "bracket", "wave": "wave", "timing-point": "timing_point",
               "timing-device": "timing_device", "timing-mat": "timing_mat", "groups": "group"}


def declared_collections():
    found = {}
    for resource in registry:
        if resource.top_level_envelope:
            found[(resource.segment, None)] = resource.top_level_envelope
        for collection in resource.collections:
            found[(collection.parent, resource.segment)] = collection.envelope
    return found


def test_collections_and_envelopes_match_the_contract():
    assert declared_collections() == SPEC_COLLECTIONS


def test_single_entity_envelopes_match_the_contract():
    assert {r.segment: r.envelope for r in registry if r.has_single} == SPEC_SINGLE


@pytest.mark.django_db
@pytest.mark.parametrize("resource", list(registry), ids=lambda r: r.segment)
def test_every_field_source_resolves_in_one_query(resource, django_assert_num_queries):
    sources = [source for field in resource.fields for source in field.sources]
    with django_assert_num_queries(1):
        list(resource.model.objects.values_list(*sources)[:5])


def test_every_modified_field_is_declared():
    for resource in registry:
        assert any(f.type == "epoch_time" and f.name.endswith("_modified") for f in resource.fields), resource.segment
