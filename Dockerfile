# worksonarm-bot: one image for linux/amd64 and linux/arm64 (nothing here is architecture-specific).
# Build: docker build -t worksonarm-bot .    (or --build-arg BASE_IMAGE=<your python 3.11+ base>)
# The base is pinned by tag and by the digest of its multi-architecture index: Python 3.11.16 (it
# has the html.parser fix for `<!--` in feed text, CPython gh-135462) on Debian 13 (trixie).
ARG BASE_IMAGE=python:3.11.16-slim-trixie@sha256:9534e5a8e315485d4061ed659af0fd78a284c015f9b73661b41d6bab25604534

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
# Dependencies first, from the lock files, so code changes do not reinstall them. Every file is
# checked against the lock's hashes, the build backend's too: a changed or substituted wheel
# stops the build. The backend gets a venv of its own and never reaches the image. The search
# reads only wordfreq's English lists, small and large (bot/archive/english.py, DATA_FILES; a test
# checks this line keeps them): its other languages' lists, 55 MB, go.
COPY requirements.lock requirements-build.lock ./
RUN python3 -m venv /opt/build \
    && /opt/build/bin/pip install --no-cache-dir --require-hashes -r requirements-build.lock \
    && python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock \
    && find /opt/venv/lib/python3*/site-packages/wordfreq/data -type f ! -name 'small_en.*' ! -name 'large_en.*' -delete
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY data ./data
# The project itself, built with the locked backend and nothing fetched (--no-build-isolation),
# then pip and setuptools out of the runtime venv (sqlite-utils lists pip only for its own
# `install` command), then the first import of everything, so a missing runtime module fails the
# build instead of the first start.
RUN /opt/build/bin/pip wheel --no-cache-dir --no-build-isolation --no-deps --wheel-dir /tmp/dist . \
    && /opt/venv/bin/pip install --no-cache-dir --no-deps --no-index /tmp/dist/worksonarm_bot-*.whl \
    && /opt/venv/bin/python -m pip uninstall --yes pip setuptools \
    && /opt/venv/bin/worksonarm-bot --version \
    && /opt/venv/bin/python -c "import importlib, pkgutil, bot, handlers; \
[importlib.import_module(m.name) for p in (bot, handlers) \
 for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.') if not m.name.endswith('__main__')]"

FROM ${BASE_IMAGE}
# No pip at run time: the base image's own pip (and its setuptools and wheel) go too.
RUN if python3 -m pip --version >/dev/null 2>&1; then \
        python3 -m pip uninstall --yes --break-system-packages pip setuptools wheel; \
    fi \
    && rm -rf /root/.cache
# VERSION is kept equal to pyproject.toml's by a test; .ci/container-test passes REVISION.
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=https://github.com/WorksOnArm/worksonarm-bot
LABEL org.opencontainers.image.title="worksonarm-bot" \
      org.opencontainers.image.description="The community bot of Works on Arm News: archive search, tips and announcements" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WORKSONARM_DB=/data/worksonarm.db \
    HOME=/tmp \
    PORT=3000
COPY --from=build /opt/venv /opt/venv
# The SQLite file (and the archive's checkout beside it) live on a volume owned by the
# unprivileged user; the rest of the file system can be read-only.
RUN mkdir -p /data && chown 10001:10001 /data
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["worksonarm-bot", "serve"]
