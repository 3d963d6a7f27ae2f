#!/bin/bash
# Builds the appliance's images from this checkout: publishes the server, the portal and the
# snikket CLI (Release) into app/publish/, then `docker compose build` (runtime-only Dockerfiles).
#   bash compose/build-images.sh            build snikket/app, snikket/proxy and snikket/turn (tag :local)
# Env: SNIKKET_BUILD_ARTIFACTS  msbuild artifacts directory (default: the repository's ./artifacts)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
publish=$here/app/publish
props=()
[[ -n ${SNIKKET_BUILD_ARTIFACTS:-} ]] && props+=("-p:ArtifactsPath=$SNIKKET_BUILD_ARTIFACTS")

step() { echo "==> $*"; }

rm -rf "$publish"
for project in server/Snikket.Server portal/Snikket.Portal installer/Snikket.Installer; do
    name=$(basename "$(dirname "$project")")
    step "publishing $project"
    dotnet publish "$root/$project" -c Release --nologo -v quiet -tl:off "${props[@]}" \
        -p:UseAppHost=true -o "$publish/$name" >/dev/null
    # The images are Linux: native libraries for Windows, macOS and iOS are dead weight (~50 MB).
    find "$publish/$name/runtimes" -mindepth 1 -maxdepth 1 ! -name 'linux-*' -exec rm -rf {} + 2>/dev/null || true
done

compose=(docker compose)
docker compose version >/dev/null 2>&1 || compose=(docker-compose)
step "building images with ${compose[*]}"
# The classic builder: the engines this must work on include ones without BuildKit. Building
# reads no configuration, but compose insists the env_file exists.
no_config=$(mktemp)
trap 'rm -f "$no_config"' EXIT
DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0 SNIKKET_CONFIG_FILE=$no_config \
    "${compose[@]}" -f "$here/docker-compose.yml" -p snikket build
docker images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^snikket/'
