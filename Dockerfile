# syntax=docker/dockerfile:1
# govlint as a container image: one static binary (musl) on distroless's static base, which
# has CA certificates (Graph over HTTPS) and a non-root user, and nothing else. The built-in
# policies and rule docs are inside the binary. Usage, on a snapshot in the current directory:
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" ghcr.io/owner/govlint lint snapshot.json

# Alpine's toolchain targets musl natively: the binary links statically with no cross setup.
FROM rust:1-alpine AS build
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev linux-headers gcc make cmake perl file
WORKDIR /src
COPY . .
# The commit for `govlint --version` (no .git in the build context).
ARG GOVLINT_BUILD_COMMIT=""
ENV GOVLINT_BUILD_COMMIT=${GOVLINT_BUILD_COMMIT} \
    RUSTFLAGS="-C target-feature=+crt-static" \
    CARGO_TERM_COLOR=never
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin govlint \
    && mkdir -p /out \
    && cp target/release/govlint /out/govlint \
    && /out/govlint --version \
    && ! file /out/govlint | grep -q 'dynamically linked'

# The bare binary, for the release archives: the Linux ones are built by this same recipe
# (`docker build --target binary --output type=local,dest=DIR .`).
FROM scratch AS binary
COPY --from=build /out/govlint /govlint

# The `-shell` variant, for CI systems that run a job's script inside the image (GitLab CI):
# the same binary on distroless's debug base, which adds a busybox shell at /busybox/sh.
# `docker build --target shell .`
FROM gcr.io/distroless/static-debian12:debug-nonroot AS shell
LABEL org.opencontainers.image.title="govlint" \
      org.opencontainers.image.description="Policy-as-code linter and CI gate for Microsoft Entra ID identity governance (with a busybox shell)" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /out/govlint /usr/local/bin/govlint
WORKDIR /work
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/govlint"]
CMD ["--help"]

# The default image (last stage): the binary alone on distroless's static base.
FROM gcr.io/distroless/static-debian12:nonroot AS image
LABEL org.opencontainers.image.title="govlint" \
      org.opencontainers.image.description="Policy-as-code linter and CI gate for Microsoft Entra ID identity governance" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /out/govlint /usr/local/bin/govlint
WORKDIR /work
# distroless's `nonroot` user, by number so any runtime resolves it.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/govlint"]
CMD ["--help"]
