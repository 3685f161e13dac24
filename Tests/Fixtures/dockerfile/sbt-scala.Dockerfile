FROM sbtscala/scala-sbt:eclipse-temurin-jammy-21.0.2_13_1.9.9_3.4.0 AS build
WORKDIR /build
COPY build.sbt .
COPY project project
RUN sbt update
COPY src src
RUN sbt stage

FROM eclipse-temurin:21-jre
COPY --from=build /build/target/universal/stage /opt/app
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home app
USER 10001
CMD ["/opt/app/bin/server"]
