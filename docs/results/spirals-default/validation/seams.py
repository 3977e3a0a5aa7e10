"""How the spirals seams were chosen (docs/results/spirals-default/README.md): ensemble, Hydra and Hydra+
epistemic AUROC of candidate OOD regions, test-like spiral points as negatives, from the checkpoints of a validation
run (`./hydra run --data-seed 7 --seed 50 --output RUN`). Usage: python3 seams.py RUN   (needs NumPy)."""
import json, struct, sys, numpy as np
def load(path):
    b = open(path,'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8+n]); d = b[8+n:]
    t = {}
    for k,v in h.items():
        if k == '__metadata__': continue
        s,e = v['data_offsets']; t[k] = np.frombuffer(d[s:e], dtype='<f4').reshape(v['shape'])
    return t
def heads_probs(t, x):
    h = x
    i = 0
    body = sorted({int(k.split('.')[1]) for k in t if k.startswith('body.')})
    for j,l in enumerate(body):
        h = h @ t[f'body.{l}.weight'].T + t[f'body.{l}.bias']; h = np.maximum(h,0)
    nh = len({k.split('.')[1] for k in t if k.startswith('heads.')})
    out = []
    for m in range(nh):
        layers = sorted({int(k.split('.')[2]) for k in t if k.startswith(f'heads.{m}.')})
        z = h
        for j,l in enumerate(layers):
            z = z @ t[f'heads.{m}.{l}.weight'].T + t[f'heads.{m}.{l}.bias']
            if j < len(layers)-1: z = np.maximum(z,0)
        z = z - z.max(1, keepdims=True); p = np.exp(z); p /= p.sum(1, keepdims=True); out.append(p)
    return np.stack(out)  # M x N x C
def ent(p): return -(p*np.log(np.clip(p,1e-30,1))).sum(-1)
def unc(P):
    tot = ent(P.mean(0)); al = ent(P).mean(0); return tot, np.maximum(tot-al,0)
def ensemble(run):
    return lambda x: np.concatenate([heads_probs(load(f'{run}/members/{i}/model.safetensors'), x) for i in range(5)])
def model(run, name):
    t = load(f'{run}/{name}/model.safetensors'); return lambda x: heads_probs(t, x)
def auroc(neg, pos):
    s = np.concatenate([neg,pos]); y = np.r_[np.zeros(len(neg)), np.ones(len(pos))]
    # ties: average ranks
    order = np.argsort(s, kind='mergesort'); ss = s[order]; ranks = np.empty(len(s))
    i=0
    while i < len(s):
        j=i
        while j+1<len(s) and ss[j+1]==ss[i]: j+=1
        ranks[order[i:j+1]] = (i+j)/2+1; i=j+1
    npos=len(pos); nneg=len(neg)
    return (ranks[y==1].sum() - npos*(npos+1)/2)/(npos*nneg)
rng = np.random.default_rng(12345)
def spirals(n, classes=3, noise=0.05):
    arm = np.arange(n)%classes; r = 1-rng.random(n); a = 2*np.pi*arm/classes + 4*r
    x = np.c_[r*np.cos(a), r*np.sin(a)] + noise*rng.standard_normal((n,2))
    L = np.linalg.norm(x,axis=1); x[L>1] /= L[L>1,None]; return x
run = sys.argv[1]
ens = ensemble(run); hy = model(run,'hydra'); hp = model(run,'hydra-plus')
test = spirals(1000)
tips = np.array([2*np.pi*k/3 + 4 for k in range(3)])
def seams(n, a0, a1, r0, r1):
    k = np.arange(n)%3; off = np.radians(a0 + (a1-a0)*rng.random(n))
    r = np.sqrt(r0**2 + rng.random(n)*(r1**2-r0**2)); a = tips[k]+off
    return np.c_[r*np.cos(a), r*np.sin(a)]
def ring(n, r0, r1):
    a = 2*np.pi*rng.random(n); r = np.sqrt(r0**2 + rng.random(n)*(r1**2-r0**2)); return np.c_[r*np.cos(a), r*np.sin(a)]
E = {m: unc(f(test)) for m,f in [('ens',ens),('hydra',hy),('plus',hp)]}
cands = {f'seams {a0}-{a1} r{r0}-{r1}': seams(1000,a0,a1,r0,r1) for a0,a1,r0,r1 in
  [(8,28,1.2,2.5),(10,25,1.2,2.5),(5,30,1.2,2.5),(10,25,1.1,2.0),(12,22,1.2,2.5),(10,25,1.5,2.5),(0,30,1.2,2.5),(10,30,1.2,2.5)]}
cands['ring 1.05-1.3'] = ring(1000,1.05,1.3); cands['annulus'] = ring(1000,1.5,2.5)
for name, x in cands.items():
    out = []
    for m,f in [('ens',ens),('hydra',hy),('plus',hp)]:
        t, e = unc(f(x)); out.append(f'{m} ep {auroc(E[m][1], e):.3f} tot {auroc(E[m][0], t):.3f}')
    print(f'{name:28s}', ' | '.join(out))
