"""gunicorn settings for the Procfile's web process (`gunicorn -c config/gunicorn.py config.wsgi`).

Every value can be changed from the environment. The memory ceiling is a real one: each worker's address
space is capped with RLIMIT_AS after the fork, so a request that would need more memory fails in that
worker with a MemoryError (a 500 for that request) instead of pushing the machine into swap or the
kernel's OOM killer, which picks its victim by size and may well take PostgreSQL.
"""

import os
import resource

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request still running after this many seconds has its worker killed and replaced.
timeout = int(os.environ.get("WEB_TIMEOUT_SECONDS", "30"))
graceful_timeout = 30
# Workers are replaced now and then, so memory fragmented by large photos goes back to the system.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
accesslog = "-"
control_socket_disable = True

# Address space per worker. An idle worker maps about 125 MB. Decoding the worst photo we accept
# (bench/photo_memory.py: a 24 MP WebP) adds about 370 MB at its peak, a 24 MP RGBA PNG about 150 MB and
# a JPEG about 20 MB; 1024 MB leaves room for that and a busy worker's own growth.
WORKER_MEMORY_MB = int(os.environ.get("WEB_WORKER_MEMORY_MB", "1024"))


def post_fork(server, worker):
    limit = WORKER_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    worker.log.info("worker %s: address space limited to %d MB", worker.pid, WORKER_MEMORY_MB)
