# Sourced by the scenarios that put pushbench beside nginx's floor (lean_vs_wrk.sh,
# server_vs_nginx.sh): nginx_204_conf DIR PORT CONNECTIONS writes DIR/nginx.conf and DIR/tmp/ for
# nginx as `pushbench run --server nginx` configures it (bench/run/server_arm.cc: one worker,
# keep-alive 60 s and no request limit, no access log), answering every /poll 204 at once, with
# stub_status on /status; nginx_bin is the nginx to start (Debian's, in /usr/sbin).
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

nginx_204_conf() {
  local dir=$1 port=$2 connections=$3
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $((connections * 2 + 1024));
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
  worker_connections $((connections + 512));
}
http {
  access_log off;
  server_tokens off;
  keepalive_timeout 60s;
  keepalive_requests 1000000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location = /poll { return 204; }
    location = /status { stub_status; }
    location / { return 404; }
  }
}
CONF
}
