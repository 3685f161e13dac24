from python:3.12-alpine
run pip install mkdocs-material==9.5.13
workdir /docs
copy . .
expose 8000
entrypoint ["mkdocs"]
cmd ["serve", "--dev-addr=0.0.0.0:8000"]
