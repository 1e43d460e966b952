"""Print truth vs tool reps/descents for the given session ids: python3 tools/indsim/dump.py 12 37"""
import json, sys, glob, datetime, os
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import DATA, RESULTS
from score import ts, Track
for sid in sys.argv[1:]:
    tf = glob.glob(os.path.join(DATA, f'{int(sid):03d}_*.truth.json'))[0]; tr = json.load(open(tf))
    rep = json.load(open(os.path.join(RESULTS, 'json', tr['file'].split('/')[-1] + '.json')))
    t0 = ts(tr['t0'])
    print(tr['file'], 'autopause', tr['autopause'], 'pauses', len(tr['pauses']), 'cad', tr['cadence'], 'rec', tr.get('recovery'), 've', tr['easy_speed_mps'], 'tool easy', rep.get('easy_speed_mps'))
    print(' truth reps:')
    for r in tr['reps']:
        print(f"  {r['start'][11:]}-{r['end'][11:]} {r['length_m']:7.1f} m {r['grade_pct']:5.2f}% v={r['length_m']/(r['end_s']-r['start_s']):.2f}")
    print(' tool reps:')
    for r in rep['reps']:
        rc = r.get('recovery') or {}
        print(f"  {r['start'][11:]}-{r['end'][11:]} {r['distance_m']:7.1f} m {r['grade_pct']:5.2f}% pass {r['pass_grade_pct']:5.2f} v={r['avg_speed_mps']} vmax={r['max_speed_mps']} dur={r['duration_s']} {r['source']} rec={rc.get('kind')} ret={rc.get('returned_to_start')} recv={rc.get('avg_speed_mps')}")
    print(' descents:', [(d['start'][11:], d['distance_m'], d['grade_pct']) for d in rep['descents']][:30])
    print(' notes', rep.get('rep_notes'), rep.get('descent_notes'))
