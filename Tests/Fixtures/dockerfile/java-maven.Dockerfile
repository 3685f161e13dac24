FROM maven:3.9.6-eclipse-temurin-21 AS build
WORKDIR /workspace
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src src
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre-jammy
RUN groupadd -r spring && useradd -r -g spring -u 100000000 spring
COPY --from=build /workspace/target/*.jar /app/app.jar
USER spring:spring
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
