#!/usr/bin/env bash
# Builds the container image of one Sway service without a container engine: a Debian bookworm
# root filesystem with the Java 17 runtime (mmdebstrap, from Debian packages), the service jar and
# an unprivileged user 10001, packed as an OCI image layout (umoci). It is the runtime stage of
# deploy/Dockerfile, for machines with no Docker daemon and no image registry.
#
#   deploy/image/build-oci.sh ingest-service target/oci     # after ./mvnw package
#
# Writes the OCI layout to OUT/layout (tag: the service name); `skopeo copy oci:OUT/layout:<tag>
# docker://…` or `podman load` can take it from there. Needs root (mmdebstrap --mode=root).
set -euo pipefail
cd "$(dirname "$0")/../.."

service=${1:?usage: build-oci.sh SERVICE OUT}
out=${2:?usage: build-oci.sh SERVICE OUT}
jar="$PWD/$service/target/$service-0.1.0-SNAPSHOT-all.jar"
[ -f "$jar" ] || { echo "build-oci: $jar missing; run ./mvnw -DskipTests package first" >&2; exit 1; }
for tool in mmdebstrap umoci; do
  command -v "$tool" >/dev/null || { echo "build-oci: $tool missing (apt-get install $tool)" >&2; exit 1; }
done

rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
rootfs="$out/rootfs"
mkdir -p "$rootfs"
# --variant=essential: only Debian's Essential packages plus the JRE. Man pages and docs are left
# out; update-alternatives still wants the man1 folder. The user is written to /etc/passwd
# directly (the essential set has no useradd).
mmdebstrap --quiet --variant=essential --mode=root \
  --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "sway:x:10001:10001::/nonexistent:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "sway:x:10001:" >> "$1/etc/group"' \
  --customize-hook="mkdir -p \"\$1/opt/sway\" && cp '$jar' \"\$1/opt/sway/app.jar\" && chmod 0444 \"\$1/opt/sway/app.jar\"" \
  --customize-hook='rm -rf "$1/var/cache/apt/archives"/*.deb "$1/var/lib/apt/lists"/*' \
  bookworm "$rootfs/"

layout="$out/layout"
umoci init --layout "$layout"
umoci new --image "$layout:$service"
umoci unpack --image "$layout:$service" "$out/bundle"
# The bundle's rootfs is replaced by the one built above, then packed as the image's layer.
rm -rf "$out/bundle/rootfs"
mv "$rootfs" "$out/bundle/rootfs"
umoci repack --image "$layout:$service" "$out/bundle"
umoci config --image "$layout:$service" \
  --config.user 10001:10001 \
  --config.workingdir /opt/sway \
  --config.env 'JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError' \
  --config.entrypoint /usr/lib/jvm/java-17-openjdk-amd64/bin/java --config.entrypoint -jar --config.entrypoint /opt/sway/app.jar \
  --config.label "org.opencontainers.image.title=sway-$service"
rm -rf "$out/bundle"
echo "build-oci: $layout:$service ($(du -sh "$layout" | cut -f1))"
