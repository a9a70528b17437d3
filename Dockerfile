# dipnews API: slim Python, installed from the lock file, non-root, migrates then serves.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_LINK_MODE=copy \
    HOST=0.0.0.0 PORT=8000 DATABASE_URL=sqlite:////data/dipnews.db
RUN pip install --no-cache-dir uv && useradd --create-home --uid 10001 dipnews \
    && mkdir /data && chown dipnews /data
WORKDIR /app
COPY pyproject.toml uv.lock README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN uv sync --frozen --no-dev && chown -R dipnews /app
USER dipnews
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8000\")}/health', timeout=2)"
CMD ["uv", "run", "--frozen", "--no-dev", "dipnews", "serve"]
