"""Every page of the web app."""

from django.urls import path

from coffeechat.web.views import agenda, auth, live, logbook, people, preferences, prep, questions, search
from coffeechat.web.views import outreach, scheduling, targets
from coffeechat.web.views import duplicates, imports

urlpatterns = [
    path("", agenda.dashboard, name="home"),
    path("actions/done", agenda.action_done, name="action-done"),
    path("actions/snooze", agenda.action_snooze, name="action-snooze"),
    path("people/<int:pk>/record/<str:event>", logbook.record_event, name="record-event"),
    path("settings/", preferences.settings_page, name="settings"),
    path("login", auth.login_with_token, name="login"),
    path("logout", auth.logout_view, name="logout"),
    path("people/", people.people_list, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/duplicates/", duplicates.duplicates_page, name="duplicates"),
    path("people/merge", duplicates.merge_page, name="merge"),
    path("people/merge/pair", duplicates.merge_pair, name="merge-pair"),
    path("import/", imports.import_page, name="import"),
    path("import/preview", imports.import_preview, name="import-preview"),
    path("import/confirm", imports.import_confirm, name="import-confirm"),
    path("import/cancel", imports.import_cancel, name="import-cancel"),
    path("export/people.csv", imports.download_people_csv, name="export-people-csv"),
    path("export/contacts.vcf", imports.download_vcard, name="export-vcard"),
    path("export/conversations.ics", imports.download_calendar, name="export-calendar"),
    path("export/notes.zip", imports.download_markdown, name="export-markdown"),
    path("export/backup.json", imports.download_backup, name="export-backup"),
    path("targets/", targets.target_list, name="targets"),
    path("targets/add", targets.target_add, name="target-add"),
    path("targets/<int:pk>/score", targets.target_score, name="target-score"),
    path("people/<int:pk>/compose", outreach.compose_page, name="compose"),
    path("people/<int:pk>/compose/check", outreach.compose_check, name="compose-check"),
    path("people/<int:pk>/compose/send", outreach.compose_send, name="compose-send"),
    path("people/<int:pk>/schedule", scheduling.schedule_page, name="schedule"),
    path("people/<int:pk>/schedule/preview", scheduling.schedule_preview, name="schedule-preview"),
    path("conversations/<int:pk>.ics", scheduling.conversation_ics, name="conversation-ics"),
    path("conversations/<int:pk>/cancel", scheduling.conversation_cancel, name="conversation-cancel"),
    path("calendar/<str:token>.ics", scheduling.calendar_feed, name="calendar-feed"),
    path("questions/", questions.questions_page, name="questions"),
    path("questions/change", questions.question_change, name="question-change"),
    path("conversations/<int:pk>/brief", prep.brief, name="brief"),
    path("conversations/<int:pk>/plan/<str:action>", prep.plan_change, name="plan-change"),
    path("plan-items/<int:pk>/answer", live.answer, name="plan-item-answer"),
    path("plan-items/<int:pk>/<str:action>", prep.plan_item_change, name="plan-item-change"),
    path("conversations/<int:pk>/live", live.live_page, name="live"),
    path("conversations/<int:pk>/notes", live.save_notes, name="live-notes"),
    path("conversations/<int:pk>/capture/<str:kind>", live.capture, name="capture"),
    path("conversations/<int:pk>/held", live.held, name="live-held"),
    path("conversations/<int:pk>/thank-you", live.thank_you, name="thank-you"),
    path("search/", search.search_page, name="search"),
]
