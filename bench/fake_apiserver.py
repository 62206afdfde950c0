#!/usr/bin/env python3
"""A stand-in Kubernetes API server for measuring caveat's live collection at scale, in its own process so
that caveat's time and memory are measured alone: serves N generated pods (a few KB each, like real ones) and
N/20 services in pages (limit/continue), nodes, and empty lists for everything else.

    python3 bench/fake_apiserver.py --pods 20000 --port 18080 &
    printf 'apiVersion: v1\nkind: Config\nclusters: [{name: b, cluster: {server: "http://127.0.0.1:18080"}}]\n'\
'contexts: [{name: b, context: {cluster: b, user: u}}]\ncurrent-context: b\nusers: [{name: u, user: {token: t}}]\n' > /tmp/kc
    /usr/bin/time -v ./caveat snapshot --out /tmp/snap --kubeconfig /tmp/kc
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs


def pod(i):
    host = i % 40 == 0
    owner = ("DaemonSet", "ds-%d" % (i % 20)) if host else ("ReplicaSet", "app-%d-5d8f7c9b54" % (i % 2000))
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p-%d" % i, "namespace": "ns-%d" % (i % 300), "uid": "%032x" % i,
                         "labels": {"app": "app-%d" % (i % 2000), "pod-template-hash": "5d8f7c9b54"},
                         "annotations": {"openshift.io/scc": "restricted-v2", "com.illumio.role": "Web",
                                         "k8s.v1.cni.cncf.io/network-status": json.dumps(
                                             [{"name": "ovn-kubernetes", "ips": ["10.128.%d.%d" % (i % 250, i % 250)]}])},
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": owner[0], "name": owner[1],
                                              "controller": True, "uid": "%032x" % (i % 2000)}],
                         "creationTimestamp": "2026-10-02T08:00:00Z", "resourceVersion": str(100000 + i)},
            "spec": {"nodeName": "node-%d" % (i % 1000), "hostNetwork": host, "serviceAccountName": "default",
                     "containers": [{"name": "main", "image": "registry.example.com/app-%d:1.%d" % (i % 2000, i % 7),
                                     "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                     "env": [{"name": "VAR_%d" % k, "value": "value-%d-%d" % (i, k)} for k in range(8)],
                                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                                     "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}}]},
            "status": {"phase": "Running", "podIP": "10.128.%d.%d" % (i % 250, i % 250),
                       "conditions": [{"type": t, "status": "True"} for t in ("Initialized", "Ready", "PodScheduled")],
                       "containerStatuses": [{"name": "main", "ready": True, "restartCount": 0,
                                              "imageID": "sha256:%064x" % i, "containerID": "cri-o://%064x" % i}]}}


def service(i):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-%d" % i, "namespace": "ns-%d" % (i % 300)},
            "spec": {"type": "NodePort" if i % 25 == 0 else "ClusterIP", "clusterIP": "172.30.%d.%d" % (i // 250, i % 250),
                     "ports": [{"port": 8080, "targetPort": 8080, "protocol": "TCP"}], "selector": {"app": "app-%d" % i}}}


def node(i):
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-%d" % i, "labels": {"kubernetes.io/os": "linux"}},
            "status": {"nodeInfo": {"machineID": "%032x" % i}, "addresses": [{"type": "InternalIP", "address": "10.0.%d.%d" % (i // 250, i % 250)}]}}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        limit = int(query.get("limit", ["500"])[0])
        start = int(query.get("continue", ["0"])[0])
        sizes = {"/api/v1/pods": (self.server.pods, pod, "PodList"),
                 "/api/v1/services": (self.server.pods // 20, service, "ServiceList"),
                 "/api/v1/nodes": (max(1, self.server.pods // 30), node, "NodeList")}
        if url.path in sizes:
            total, make, kind = sizes[url.path]
            end = min(total, start + limit)
            body = {"apiVersion": "v1", "kind": kind,
                    "metadata": {"continue": str(end) if end < total else None},
                    "items": [make(i) for i in range(start, end)]}
        elif "/networks/" in url.path:
            self.send_response(404)
            self.end_headers()
            return
        else:
            body = {"apiVersion": "v1", "kind": "List", "metadata": {}, "items": []}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=20000)
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.pods = args.pods
    server.serve_forever()
