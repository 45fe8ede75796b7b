#!/usr/bin/env python3
"""Medians per broker and metric of compare-light.sh's results.tsv, with the ratio of Runnel's median to the other
broker's, as a markdown table. Usage: light-summary.py results.tsv [other-broker-label]"""
import sys, statistics, collections
path = sys.argv[1]
a = sys.argv[2] if len(sys.argv) > 2 else 'kafka'
vals = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for i, line in enumerate(open(path)):
    if i == 0:
        continue
    run, broker, metric, value = line.rstrip('\n').split('\t')
    if metric not in order:
        order.append(metric)
    try:
        vals[metric][broker].append(float(value))
    except ValueError:
        pass
def med(xs):
    return statistics.median(xs) if xs else None
def fmt(x):
    return 'NA' if x is None else ('%.0f' % x if abs(x) >= 100 else '%.3g' % x)
print('| metric | %s (median; runs) | runnel (median; runs) | runnel / %s |' % (a, a))
print('|---|---|---|---|')
for m in order:
    if m == 'note':
        continue
    ka, ru = vals[m].get(a, []), vals[m].get('runnel', [])
    ma, mr = med(ka), med(ru)
    ratio = '%.2f' % (mr / ma) if ma and mr is not None else 'NA'
    print('| %s | %s (%s) | %s (%s) | %s |' % (m, fmt(ma), ', '.join(fmt(x) for x in ka),
                                             fmt(mr), ', '.join(fmt(x) for x in ru), ratio))
