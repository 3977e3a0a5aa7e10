# syntax=docker/dockerfile:1
# The trainer image: `hydra worker` (src/Hydra.Cli) on the .NET 10 runtime, Ubuntu 24.04 (noble), non-root.
# One Dockerfile, two images, chosen by the TORCH_DEVICE build argument:
#   CPU:  docker build -f docker/trainer.Dockerfile -t hydra-trainer:cpu .
#   CUDA: docker build -f docker/trainer.Dockerfile --build-arg TORCH_DEVICE=cuda -t hydra-trainer:cuda .
#   In Azure (no local Docker needed): az acr build -r <registry> -f docker/trainer.Dockerfile \
#         --build-arg TORCH_DEVICE=cuda -t hydra-trainer:cuda .
# The CUDA variant restores TorchSharp-cuda-linux (libtorch with the CUDA 12 runtime libraries, several GB) from
# nuget.org, so build it where nuget.org is fully reachable (an ACR build is). The GPU driver comes from the host:
# Container Apps GPU profiles inject it, so no CUDA toolkit is installed here.

ARG TORCH_DEVICE=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_DEVICE
WORKDIR /src
# global.json is left out on purpose: it pins the developers' SDK feature band, the image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props ./
COPY scripts/publish-trainer.sh scripts/
COPY src/Hydra.Core/Hydra.Core.csproj src/Hydra.Core/
COPY src/Hydra.Training/Hydra.Training.csproj src/Hydra.Training/
COPY src/Hydra.Onnx/Hydra.Onnx.csproj src/Hydra.Onnx/
COPY src/Hydra.Serving/Hydra.Serving.csproj src/Hydra.Serving/
COPY src/Hydra.Cli/Hydra.Cli.csproj src/Hydra.Cli/
# Package layer: cached until a project file or the central versions change.
RUN scripts/publish-trainer.sh restore "$TORCH_DEVICE"
COPY src/ src/
RUN scripts/publish-trainer.sh publish "$TORCH_DEVICE" /app

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble AS final
# libtorch 2.10 (TorchSharp 0.107) needs GLIBCXX_3.4.32 (GCC 13's libstdc++): Ubuntu 24.04 has it; fail early if not.
# SkiaSharp (the report plots) needs fontconfig and at least one font.
RUN grep -qa 'GLIBCXX_3\.4\.32' /usr/lib/x86_64-linux-gnu/libstdc++.so.6 \
    && apt-get update \
    && apt-get install -y --no-install-recommends libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# Let the NVIDIA container runtime expose the GPU to the process (ignored on CPU hosts).
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
WORKDIR /app
COPY --from=build /app ./
# The non-root user that the .NET images define (UID 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "hydra.dll", "worker"]
