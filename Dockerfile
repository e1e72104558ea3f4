# EstateScheduler worker image.
#   docker build -t estate-scheduler .
#   docker run --rm -v "$PWD/config:/app/config" estate-scheduler validate
# Secrets (database, SMTP) come from environment variables, never from files baked into the image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Scheduler.Worker/Scheduler.Worker.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app ./
COPY config/ ./config/
# Run as the image's unprivileged user; config is read from /app/config (mount your own over it).
USER app
ENTRYPOINT ["dotnet", "/app/estate-scheduler.dll"]
CMD ["validate"]
