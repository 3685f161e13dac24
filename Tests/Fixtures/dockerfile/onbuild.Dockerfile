FROM python:3.12.2-alpine
ONBUILD COPY requirements.txt /app/
ONBUILD RUN pip install --no-cache-dir -r /app/requirements.txt
ONBUILD ONBUILD RUN echo nested
ONBUILD FROM scratch
USER nobody
