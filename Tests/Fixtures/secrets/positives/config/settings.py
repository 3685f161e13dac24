"""Django settings for the shop service (test fixture, fake credentials)."""
import os

SECRET_KEY = 'tf6GpBko8loUAR6Atb4ojuxdzdz7TaKLDJuZ0f4YDpnsl2csTn'
DEBUG = False
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'shop',
        'USER': 'shop',
        'PASSWORD': 'A0lLCGNEUETNj4wQ9f#3',
        'HOST': 'db',
    }
}
EMAIL_HOST_PASSWORD = "9bJF6m1uyHX8lX!4"
GOOGLE_MAPS_API_KEY = "AIzaegj8E-SBGEEMrx4uLEpRc8U17w9OOpKrrhh"
GOOGLE_OAUTH_CLIENT_SECRET = "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"
SENTRY_AUTH_TOKEN = "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"
CACHES_URL = "redis://:6scG7zSRUZPhnGEQrBbsmykC@cache:6379/0"
MWS_AUTH_TOKEN = "amzn.mws.ef6d0547-7b9e-4067-a637-46d5e718da70"
