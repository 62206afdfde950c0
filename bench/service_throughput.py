#!/usr/bin/env python3
"""Evaluations per second of a running `caveat serve` (port 18091) on the demo snapshot.

    python3 bench/service_throughput.py --make-body          # writes /tmp/demo-body.json from docs/examples/demo
    CAVEAT_RULES=rules java -jar service/target/caveat.jar serve --port 18091 &
    python3 bench/service_throughput.py 800 8                # evaluations, concurrent clients
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
for _ in range(50): one()   # warm-up
n=int(sys.argv[1]); threads=int(sys.argv[2])
done=[0]
def worker():
    for _ in range(n//threads): one()
t=time.time()
ts=[threading.Thread(target=worker) for _ in range(threads)]
[x.start() for x in ts]; [x.join() for x in ts]
el=time.time()-t
print(f"{n} evaluations, {threads} clients: {el:.2f} s, {n/el:.0f} evaluations/s")
