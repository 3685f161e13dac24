FROM gradle:8.6-jdk21 AS build
COPY --chown=gradle:gradle . /home/gradle/src
WORKDIR /home/gradle/src
RUN gradle buildFatJar --no-daemon

FROM amazoncorretto:21-al2023-headless
RUN yum install -y shadow-utils && yum clean all && useradd -r app
COPY --from=build /home/gradle/src/build/libs/*.jar /app/server.jar
USER app
EXPOSE 8080
ENTRYPOINT java -jar /app/server.jar
