FROM python:3.10.13-slim
RUN python -m pip install --upgrade pip setuptools wheel
RUN pip3 install --no-cache-dir requests==2.31.0 "flask>=3.0" ./localpkg
RUN pip install --trusted-host pypi.example.com -i http://pypi.example.com/simple internal-lib
RUN curl -k -o /tmp/x.sh https://example.com/x.sh
USER 1000
