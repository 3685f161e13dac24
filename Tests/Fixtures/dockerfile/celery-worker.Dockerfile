FROM python:3.11
WORKDIR /app
COPY . /app
RUN pip install celery redis
ENV CELERY_BROKER_URL=redis://:brokerpass@redis:6379/0
CMD celery -A tasks worker --loglevel=info
