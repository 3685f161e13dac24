FROM python:3.11-slim
RUN pip install --no-cache-dir torch==2.2.1 torchvision==0.17.1 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /srv
COPY model/ model/
COPY serve.py .
RUN useradd -u 1000 -m serve
USER serve
HEALTHCHECK --interval=30s CMD python -c "import socket; socket.create_connection(('127.0.0.1', 8080))"
CMD ["python", "serve.py"]
