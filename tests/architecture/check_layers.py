#!/usr/bin/python3
"""Checks the house rules the compiler cannot: layers, rooms and where storage may be reached from.

1. Layers: services never include models/ or ui/ headers; models never include ui/ headers.
2. Rooms: a services room includes only the rooms its CMake target links (services/CMakeLists.txt), directly
   or through them, so the dependency graph written there is the one the code has.
3. Every header's path below its layer root is unique across layers, so "memories/x.h" names one file.
4. No source file sits at a layer's root: every file lives in a room.
5. ui/ never reaches storage: no include of the database worker or the repository, no code that runs on a
   Repository (that is a service's job), no QtSql.

Prints each offence as file:line and exits 1 if there is any.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..'))
LAYERS = ['services', 'models', 'ui', 'app']
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
STORAGE_HEADERS = {'db/databaseworker.h', 'db/repository.h', 'db/sqlbatch.h'}

offences = []


def sources(layer):
    base = os.path.join(ROOT, layer)
    for dirpath, _, files in os.walk(base):
        for f in files:
            if f.endswith(('.h', '.cpp')):
                yield os.path.relpath(os.path.join(dirpath, f), base)


headers = {}  # path below layer root -> layer
for layer in LAYERS:
    for rel in sources(layer):
        if rel.endswith('.h'):
            if rel in headers:
                offences.append(f'{layer}/{rel}: the same path exists in {headers[rel]}/')
            headers[rel] = layer
        if layer != 'app' and os.sep not in rel:
            offences.append(f'{layer}/{rel}: at the layer root, not in a room')

# Room targets and their declared links, from services/CMakeLists.txt.
cmake = open(os.path.join(ROOT, 'services', 'CMakeLists.txt')).read()
links = {'compute': set()}
for m in re.finditer(r'^sextant_service_room\((\w+)([^)]*)\)', cmake, re.M):
    links[m.group(1)] = {d[len('sextant_'):] for d in m.group(2).split() if d.startswith('sextant_')}
for m in re.finditer(r'^target_link_libraries\(sextant_(\w+) PRIVATE([^)]*)\)', cmake, re.M):
    if m.group(1) in links:
        links[m.group(1)] |= {d[len('sextant_'):] for d in m.group(2).split() if d.startswith('sextant_')}


def reachable(room):
    seen, todo = set(), [room]
    while todo:
        r = todo.pop()
        for d in links.get(r, ()):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen | {room}


order = {'services': 0, 'models': 1, 'ui': 2, 'app': 3}
for layer in LAYERS:
    for rel in sources(layer):
        path = os.path.join(ROOT, layer, rel)
        text = open(path, encoding='utf-8').read()
        for m in INCLUDE.finditer(text):
            inc = m.group(1)
            line = text.count('\n', 0, m.start()) + 1
            where = f'{layer}/{rel}:{line}'
            target_layer = headers.get(inc)
            if target_layer is None:
                # a same-folder include inside compute, or a test/support header: not a layer crossing
                local = os.path.join(os.path.dirname(path), inc)
                if not os.path.exists(local):
                    offences.append(f'{where}: includes "{inc}", which names no header of any layer')
                continue
            if order[target_layer] > order[layer]:
                offences.append(f'{where}: {layer}/ includes the higher layer\'s {target_layer}/{inc}')
            if layer == 'services' and target_layer == 'services':
                room, dep = rel.split(os.sep)[0], inc.split('/')[0]
                if dep not in reachable(room):
                    offences.append(f'{where}: room {room} includes {inc}, but sextant_{room} does not link sextant_{dep}')
            if layer == 'ui' and inc in STORAGE_HEADERS:
                offences.append(f'{where}: ui/ includes the storage header {inc}; ask a service of the room instead')
        if layer == 'ui':
            code = re.sub(r'//[^\n]*', '', text)
            if re.search(r'\bQSql(Query|Database)\b', code):
                offences.append(f'{layer}/{rel}: ui/ uses QtSql directly')
            if re.search(r'\bRepository\s*&', code) or 'runAndWait' in code:
                offences.append(f'{layer}/{rel}: ui/ runs code on the Repository; move it into a service of the room')

for o in offences:
    print(o)
print(f'{len(offences)} offences in {sum(1 for l in LAYERS for _ in sources(l))} files')
sys.exit(1 if offences else 0)
