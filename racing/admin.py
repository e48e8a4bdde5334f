"""Admin pages for every racing model, so staff can inspect and fix data by hand."""
from django.contrib import admin

from . import models


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "start_time", "is_published", "is_test", "modified")
    list_filter = ("is_test", "is_published")
    search_fields = ("name", "organization_name", "location_city")


@admin.register(models.EventGrant)
class EventGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "can_write")
    list_filter = ("can_write",)
    raw_id_fields = ("user", "event")


@admin.register(models.Race)
class RaceAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "event", "race_type", "course_distance", "order", "wants_results")
    list_filter = ("race_type",)
    search_fields = ("name",)
    raw_id_fields = ("event",)


@admin.register(models.Athlete)
class AthleteAdmin(admin.ModelAdmin):
    list_display = ("id", "first_name", "last_name", "sex", "birthdate", "location_city")
    search_fields = ("first_name", "last_name", "email")


class GroupMembershipInline(admin.TabularInline):
    """The entry's groups, one row each (a declared membership table cannot use filter_horizontal)."""

    model = models.GroupMembership
    raw_id_fields = ("group",)
    extra = 1


@admin.register(models.Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("id", "bib", "name", "race", "status", "is_test", "modified")
    list_filter = ("status", "is_test")
    search_fields = ("bib", "name", "external_id")
    raw_id_fields = ("event", "race", "athlete", "team", "wave", "primary_bracket")
    inlines = (GroupMembershipInline,)


@admin.register(models.Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "group_type", "event")
    raw_id_fields = ("event",)


@admin.register(models.Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "race", "start_time")
    raw_id_fields = ("race",)


@admin.register(models.Bracket)
class BracketAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "race", "bracket_type", "sex", "min_age", "max_age")
    list_filter = ("bracket_type",)
    raw_id_fields = ("race", "members")


@admin.register(models.Interval)
class IntervalAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "race", "is_full", "distance", "order")
    raw_id_fields = ("race", "start_point", "end_point")


@admin.register(models.TimingPoint)
class TimingPointAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "event", "race", "cp_type", "distance_from_start")
    raw_id_fields = ("event", "race")


@admin.register(models.TimingDevice)
class TimingDeviceAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "serial", "device_type", "timing_point")
    raw_id_fields = ("event", "timing_point")


@admin.register(models.TimingMat)
class TimingMatAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "port", "device")
    raw_id_fields = ("device",)


@admin.register(models.Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("id", "entry", "interval", "net_seconds", "gun_seconds", "penalty_seconds", "modified")
    raw_id_fields = ("entry", "interval")
    readonly_fields = ("net_seconds", "gun_seconds", "net_with_penalty", "gun_with_penalty")
