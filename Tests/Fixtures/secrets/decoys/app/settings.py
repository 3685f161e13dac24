"""Settings read from the environment; nothing is hard-coded."""
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DATABASE_PASSWORD = os.getenv("DATABASE_PASSWORD", "")
password = request.form["password"]
if password == "":
    raise ValueError("password required")
token = get_token(user_id=42)
api_key = settings.STRIPE_API_KEY
PASSWORD_MIN_LENGTH = 12
password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
def check_password(candidate: str, stored_hash: bytes) -> bool:
    return bcrypt.checkpw(candidate.encode(), stored_hash)
AUTH_TOKEN_HEADER = "X-Auth-Token"
secret_name = "prod/db/credentials"
