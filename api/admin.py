from django.contrib import admin

from .models import ApplicationPolicy


@admin.register(ApplicationPolicy)
class ApplicationPolicyAdmin(admin.ModelAdmin):
    list_display = ("application", "is_approved", "daily_quota")
    list_filter = ("is_approved",)
    list_editable = ("is_approved",)
