# The ClusterSim CLI as a container image, for running a plan's shards as a Kubernetes Indexed Job
# (`clustersim plan PLAN --emit-job`; see the README's "Capacity planning on a cluster").
#   docker build -t clustersim:latest .
# The image holds scenarios/ at /clustersim/scenarios: put your plan and scenario files there (or COPY your own
# folder below) so the paths in the emitted Job resolve inside the image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
# Fonts for the report's plots (plan merge draws them); shards do not need them but the image serves both.
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /clustersim
COPY --from=build /app /app
COPY scenarios/ scenarios/
ENTRYPOINT ["dotnet", "/app/clustersim.dll"]
