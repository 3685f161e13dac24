FROM fedora:39
RUN dnf -y update && dnf -y install gcc make git && dnf clean all
RUN dnf install -y python3-pip
RUN pip3 install --user pre-commit
WORKDIR /src
CMD ["/bin/bash"]
