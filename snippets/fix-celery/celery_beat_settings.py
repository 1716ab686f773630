"""Settings for WEBAPP_SETTINGS: celery beat sends count_users every 30 seconds."""

CELERY = {
    "broker_url": "redis://localhost:6379/0",
    "result_backend": "redis://localhost:6379/0",
    "beat_schedule": {
        "count-users": {"task": "webapp.tasks.count_users", "schedule": 30.0},
    },
}
