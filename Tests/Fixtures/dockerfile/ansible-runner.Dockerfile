FROM python:3.12-slim
ARG ANSIBLE_VAULT_PASSWORD
RUN apt-get update && apt-get install -y --no-install-recommends openssh-client sshpass \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir ansible-core==2.16.4 jmespath
COPY ansible.cfg /etc/ansible/ansible.cfg
COPY --chmod=600 deploy_key /root/.ssh/id_ed25519
WORKDIR /playbooks
ENTRYPOINT ["ansible-playbook"]
