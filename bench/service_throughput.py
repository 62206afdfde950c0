#!/usr/bin/env python3
"""Evaluations per second of a running `caveat serve` (port 18091) on the demo snapshot.

    python3 bench/service_throughput.py --make-body          # writes /tmp/demo-body.json from docs/examples/demo
    CAVEAT_RULES=rules java -jar service/target/caveat.jar serve --port 18091 &
    python3 bench/service_throughput.py 2400 8               # evaluations per run, concurrent clients

It warms the service up first (3,000 evaluations by default, --warmup=N: the JIT takes 10,000 or so to settle
on two cores), then times three runs and prints each and their median. Python's client takes a good part of a
core itself; ApacheBench (apt-get install apache2-utils) measures the service with less of the machine:

    ab -q -n 10000 -c 8 -p /tmp/demo-body.json -T application/json http://127.0.0.1:18091/api/v1/evaluations
    ab -q -n 3000 -c 8 -p /tmp/demo-body.json -T application/json http://127.0.0.1:18091/api/v1/evaluations
(ab counts answers of another length than the first as "failed": each has its own id; non-2xx are what count.)
"""
import glob
import json
import sys
import threading
import time
import urllib.request

if sys.argv[1:] == ["--make-body"]:
    import yaml  # PyYAML, for the demo's must-gather style YAML files
    docs = []
    for f in sorted(glob.glob("docs/examples/demo/**/*", recursive=True)):
        if f.endswith(".json"):
            docs.append(json.load(open(f)))
        elif f.endswith(".yaml"):
            docs.extend(d for d in yaml.safe_load_all(open(f)) if d)
    json.dump({"documents": docs}, open("/tmp/demo-body.json", "w"))
    sys.exit(0)
body=open('/tmp/demo-body.json','rb').read()
url='http://127.0.0.1:18091/api/v1/evaluations'
def one():
    r=urllib.request.urlopen(urllib.request.Request(url, data=body, method='POST', headers={'Content-Type':'application/json'}))
    r.read()
args=[a for a in sys.argv[1:] if not a.startswith("--warmup")]
warmup=next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--warmup=")), 3000)
n=int(args[0]); threads=int(args[1])
def run(total):
    def worker():
        for _ in range(total//threads): one()
    t=time.time()
    ts=[threading.Thread(target=worker) for _ in range(threads)]
    [x.start() for x in ts]; [x.join() for x in ts]
    return time.time()-t
run(warmup)
rates=[]
for i in range(3):
    el=run(n)
    rates.append(n/el)
    print(f"{n} evaluations, {threads} clients: {el:.2f} s, {n/el:.0f} evaluations/s")
print(f"median: {sorted(rates)[1]:.0f} evaluations/s (after {warmup} to warm up)")
