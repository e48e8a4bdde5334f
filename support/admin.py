"""The request log and the audit in the admin: listed and searchable, never edited (a log
that staff could change would prove nothing)."""
from django.contrib import admin

from .models import ApiRequest, SupportRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiRequest)
class ApiRequestAdmin(ReadOnlyAdmin):
    list_display = ("time", "request_id", "environment", "method", "path", "status", "error_code", "client_id",
                    "user", "duration_ms")
    list_filter = ("environment", "method", "status", "via_console")
    search_fields = ("=request_id", "=client_id", "path", "user__email")
    date_hierarchy = "time"
    list_select_related = ("user",)
    show_full_result_count = False  # no count(*) over the whole log on every page


@admin.register(SupportRun)
class SupportRunAdmin(ReadOnlyAdmin):
    list_display = ("time", "staff", "customer", "reason", "method", "path", "environment", "status", "request_id")
    list_filter = ("environment",)
    search_fields = ("=request_id", "=original_request_id", "customer__email", "staff__email", "reason")
    date_hierarchy = "time"
    list_select_related = ("staff", "customer")
