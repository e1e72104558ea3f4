# EstateScheduler worker image.
#   docker build -t estate-scheduler .
#   docker run --rm -v "$PWD/config:/app/config:ro" -e ConnectionStrings__Estate='Host=db;Database=estate;Username=estate;Password=...' \
#     -p 8080:8080 estate-scheduler            # the worker (run); health on :8080/health/live and /health/ready
#   docker run --rm ... estate-scheduler migrate   # any other verb
# Secrets (database, SMTP, Seq API key) come from environment variables, never from files baked into the image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Scheduler.Worker/Scheduler.Worker.csproj -c Release -o /app --nologo

# The ASP.NET Core runtime: the worker serves its health endpoints with Kestrel (shared framework, no extra package).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Europe/London rules for Quartz (TimeZoneInfo reads /usr/share/zoneinfo); NodaTime carries its own copy.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY config/ ./config/
# The durable Seq buffer must be writable by the unprivileged user (mount a volume here to keep it across containers).
RUN mkdir -p /app/logs && chown app /app/logs
ENV Health__Urls=http://0.0.0.0:8080 \
    Seq__BufferFolder=/app/logs \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
VOLUME ["/app/logs"]
# Run as the image's unprivileged user; config is read from /app/config (mount your own over it).
USER app
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["dotnet", "/app/estate-scheduler.dll", "health", "--url", "http://127.0.0.1:8080/health/live"]
ENTRYPOINT ["dotnet", "/app/estate-scheduler.dll"]
CMD ["run", "--config", "/app/config"]
