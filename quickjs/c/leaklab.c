/*
 * LeakLab's C module: compiled in place of quickjs.c (it includes it), so it reads the engine's own
 * structures. It lists what is alive and why, from the collector's own bookkeeping, and never runs
 * JavaScript: no getter, proxy trap or toString of the guest is called by anything here.
 *
 * - leaklab_walk: every live GC object, every reference between them (named from the structures:
 *   property atoms, closure variable names, a suspended frame's locals, promise reactions, Map and
 *   Set records...), checked against the collector's own mark functions so that no reference is
 *   missed: what the names do not cover is still an edge, counted as unnamed.
 * - leaklab_run_gc: the cycle collector on demand.
 * - leaklab_mark_baseline: which objects are the environment (made before the learner's program),
 *   kept in the GC header's three spare bits (patches/0001 clears them for every new GC object).
 *   What only the environment's own functions hold (LeakLab's state) is found by the walk itself.
 * - the rejection tracker: unhandled promise rejections, as browsers report them.
 */
#include <emscripten.h>
#include "../vendor/quickjs/quickjs.c"

/* quickjs.c forbids the C allocator to its own code; the walk's tables are not the guest's memory. */
#undef malloc
#undef free
#undef realloc
#undef calloc

#define LL_BASELINE 1

/* Node kinds, in the order of NODE_KINDS in src/heap/snapshot.ts. */
enum {
    LL_ROOT, LL_OBJECT, LL_ARRAY, LL_FUNCTION, LL_CLOSURE, LL_CLASS, LL_BOUND_FUNCTION, LL_MAP, LL_SET,
    LL_WEAKMAP, LL_WEAKSET, LL_WEAKREF, LL_PROMISE, LL_PROXY, LL_REGEXP, LL_DATE, LL_ERROR,
    LL_ARRAYBUFFER, LL_TYPED_ARRAY, LL_STRING, LL_NATIVE, LL_FRAME,
};
/* Edge kinds, in the order of EDGE_KINDS in src/heap/snapshot.ts. */
enum {
    LE_ROOT, LE_PROPERTY, LE_ELEMENT, LE_CLOSURE, LE_MAP_KEY, LE_MAP_VALUE, LE_SET_MEMBER,
    LE_PROTOTYPE, LE_INTERNAL, LE_WEAK,
};

#define LL_NODE_FIELDS 7
#define LL_EDGE_FIELDS 4
#define LL_LONG_STRING 256

/* ---------------------------------------------------------------- pointer maps */

typedef struct {
    uintptr_t *keys;
    int32_t *values;
    uint32_t mask;
    uint32_t count;
} LLMap;

static uint32_t ll_hash(uintptr_t key)
{
    uint32_t h = (uint32_t)key;
    h ^= h >> 16;
    h *= 0x7feb352d;
    h ^= h >> 15;
    h *= 0x846ca68b;
    h ^= h >> 16;
    return h;
}

/* Set by the first allocation of a walk's tables that fails, cleared as a walk (or a sizing) begins:
   every later one fails at once, so a walk out of memory ends quickly instead of asking the wasm
   memory to grow again for each of the remaining objects and references. */
static int ll_alloc_failed;

static int ll_map_init(LLMap *m, uint32_t expected)
{
    uint32_t size = 16;
    while (size < expected * 2)
        size <<= 1;
    m->keys = NULL;
    m->values = NULL;
    m->mask = 0;
    m->count = 0;
    if (ll_alloc_failed)
        return -1;
    m->keys = calloc(size, sizeof(uintptr_t));
    m->values = malloc(size * sizeof(int32_t));
    m->mask = size - 1;
    if (m->keys && m->values)
        return 0;
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->mask = 0;
    ll_alloc_failed = 1;
    return -1;
}

static void ll_map_free(LLMap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
}

static int ll_map_grow(LLMap *m);

/* Key 0 marks an empty slot: no object lives at address 0. */
static int ll_map_put(LLMap *m, uintptr_t key, int32_t value)
{
    uint32_t i;
    if ((m->count + 1) * 2 > m->mask + 1 && ll_map_grow(m))
        return -1;
    i = ll_hash(key) & m->mask;
    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & m->mask;
    if (m->keys[i] == 0)
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
    return 0;
}

static int32_t ll_map_get(const LLMap *m, uintptr_t key, int32_t missing)
{
    uint32_t i = ll_hash(key) & m->mask;
    if (!m->keys)
        return missing;
    while (m->keys[i] != 0) {
        if (m->keys[i] == key)
            return m->values[i];
        i = (i + 1) & m->mask;
    }
    return missing;
}

static int ll_map_grow(LLMap *m)
{
    LLMap bigger;
    uint32_t i;
    if (ll_map_init(&bigger, (m->mask + 1)))
        return -1;
    for (i = 0; i <= m->mask; i++)
        if (m->keys[i] != 0)
            ll_map_put(&bigger, m->keys[i], m->values[i]);
    ll_map_free(m);
    *m = bigger;
    return 0;
}

/* ---------------------------------------------------------------- growable int32 tables */

typedef struct {
    int32_t *data;
    int32_t length;
    int32_t capacity;
} LLInts;

static int ll_ints_reserve(LLInts *t, int32_t more)
{
    if (t->length + more > t->capacity) {
        int32_t capacity = t->capacity ? t->capacity : 1024;
        int32_t *data;
        if (ll_alloc_failed)
            return -1;
        while (capacity < t->length + more)
            capacity *= 2;
        data = realloc(t->data, capacity * sizeof(int32_t));
        if (!data) {
            ll_alloc_failed = 1;
            return -1;
        }
        t->data = data;
        t->capacity = capacity;
    }
    return 0;
}

static int ll_ints_push(LLInts *t, int32_t v)
{
    if (ll_ints_reserve(t, 1))
        return -1;
    t->data[t->length++] = v;
    return 0;
}

/* ---------------------------------------------------------------- the walk */

/* What the host reads after a walk: int32 fields, then the tables (see src/engine/engine-walk.ts). */
typedef struct {
    int32_t node_count;
    int32_t edge_count;
    int32_t text_count;
    int32_t text_bytes;
    int32_t *nodes;
    int32_t *edges;
    char *texts;
    /* coverage */
    int32_t engine_objects;
    int32_t reached;
    int32_t unreachable;
    int32_t named_edges;
    int32_t total_edges;
    int32_t with_site;
    int32_t held_by_host;
    int32_t failed;
    int32_t held_by_leaklab;
} LLWalkOut;

typedef struct {
    JSRuntime *rt;
    JSContext *ctx;
    int count_only;
    JSGCObjectHeader **objs;
    int32_t n;
    LLMap index;        /* GC object -> its index in objs */
    int32_t *ext;       /* references to each from outside the GC graph (host handles, the stack) */
    int32_t *node_of;   /* index -> node id; -1 not met; -2 met, transparent (no node) */
    int32_t *parent;    /* transparent objects: the object they were met from (-1 for a root) */
    int32_t *plabel;    /* ... and the text of that step */
    int32_t *pending;   /* references of the object being walked not yet named */
    LLInts truth;       /* the children its mark function reported, as indexes */
    LLInts queue;
    LLInts nodes;       /* LL_NODE_FIELDS per node */
    LLInts edges;       /* LL_EDGE_FIELDS per edge */
    LLInts node_obj;    /* node id -> index (-1 for roots and strings) */
    /* texts: interned, NUL-separated */
    char *texts;
    int32_t text_bytes, text_cap, text_count;
    LLMap text_index;   /* string hash (probed on collision) -> text id */
    LLInts text_offsets; /* text id -> its offset in texts */
    int32_t *atom_text; /* atom -> text id, -1 unknown */
    int32_t atom_size;
    LLMap strings;      /* JSString -> node id */
    LLMap protos;       /* prototype -> text id of the name of its instances */
    LLMap classes;      /* function bytecode -> 1 if a class constructor's */
    LLMap slots;        /* hidden symbol atom -> text id of its internal slot's label */
    int32_t global_node;
    int32_t current;    /* index of the object being walked */
    int32_t from_node;  /* node edges are emitted from (-1: transparent, then root edges) */
    int32_t named, unnamed;
    int failed;
    /* The closure variables of the environment's functions (LeakLab's prelude) are LeakLab's own
       state: followed last, and what only they hold is LeakLab's (node_of -4), neither shown nor
       counted as the program's. */
    LLInts deferred;
    int owned_phase;
    LLInts weak_entries; /* WeakMap records met: map node, key index, value index, label, done */
    LLMap global_cells; /* the cells of the script's top-level bindings (roots already) */
    int roots_only;     /* no `(held by host)` roots: what only the host or a running frame holds is left out */
} LLWalk;

/* The slots the prelude declared internal (an EventTarget's listeners): atom -> label. Per runtime. */
typedef struct {
    JSRuntime *rt;
    int32_t count;
    JSAtom atoms[32];
    char labels[32][48];
} LLSlots;
static LLSlots ll_slots;

static LLWalk *ll_w; /* mark functions take no user data: the walk under way */

/* The id of a text, interned: labels and names repeat (every element of a list has the same class). */
static int32_t ll_text_n(LLWalk *w, const char *s, int32_t len)
{
    uint32_t h = 2166136261u;
    int32_t i, id;
    uintptr_t key;
    for (i = 0; i < len; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    key = ((uintptr_t)h << 1) | 1;
    for (;;) {
        id = ll_map_get(&w->text_index, key, -1);
        if (id < 0)
            break;
        {
            const char *t = w->texts + w->text_offsets.data[id];
            if ((int32_t)strlen(t) == len) {
                for (i = 0; i < len; i++)
                    if (t[i] != (s[i] ? s[i] : '?'))
                        break;
                if (i == len)
                    return id;
            }
        }
        key += 2; /* another string with the same hash: the next key */
    }
    if (w->text_bytes + len + 1 > w->text_cap) {
        int32_t cap = w->text_cap ? w->text_cap : 4096;
        char *bigger;
        while (cap < w->text_bytes + len + 1)
            cap *= 2;
        bigger = ll_alloc_failed ? NULL : realloc(w->texts, cap);
        if (!bigger) {
            ll_alloc_failed = 1;
            w->failed = 1;
            return 0;
        }
        w->texts = bigger;
        w->text_cap = cap;
    }
    /* NUL separates the texts: a key holding U+0000 shows it as '?' */
    for (i = 0; i < len; i++)
        w->texts[w->text_bytes + i] = s[i] ? s[i] : '?';
    w->texts[w->text_bytes + len] = 0;
    id = w->text_count++;
    if (ll_ints_push(&w->text_offsets, w->text_bytes))
        w->failed = 1;
    w->text_bytes += len + 1;
    if (ll_map_put(&w->text_index, key, id))
        w->failed = 1;
    return id;
}

static int32_t ll_text(LLWalk *w, const char *s)
{
    return ll_text_n(w, s, strlen(s));
}

/* An atom as the learner wrote it: a key, `Symbol(desc)`, a private `#name`. */
static int32_t ll_atom_text(LLWalk *w, JSAtom atom)
{
    char buf[256], out[300];
    const char *s;
    JSAtomStruct *p;
    int32_t id;
    if (__JS_AtomIsTaggedInt(atom)) {
        snprintf(buf, sizeof buf, "%u", __JS_AtomToUInt32(atom));
        return ll_text(w, buf);
    }
    if (atom < (JSAtom)w->atom_size && w->atom_text[atom] >= 0)
        return w->atom_text[atom];
    s = JS_AtomGetStrRT(w->rt, buf, sizeof buf, atom);
    p = w->rt->atom_array[atom];
    if (p->atom_type == JS_ATOM_TYPE_SYMBOL && p->hash == JS_ATOM_HASH_PRIVATE) {
        /* a #private name: its description is the name as written, `#listeners` */
        id = ll_text(w, s);
    } else if (p->atom_type == JS_ATOM_TYPE_SYMBOL || p->atom_type == JS_ATOM_TYPE_GLOBAL_SYMBOL) {
        snprintf(out, sizeof out, "Symbol(%s)", s);
        id = ll_text(w, out);
    } else {
        id = ll_text(w, s);
    }
    if (atom < (JSAtom)w->atom_size)
        w->atom_text[atom] = id;
    return id;
}

static int32_t ll_index_of(LLWalk *w, void *gp)
{
    return ll_map_get(&w->index, (uintptr_t)gp, -1);
}

static int ll_flags(JSGCObjectHeader *h)
{
    return h->dummy0;
}

/* ---------------------------------------------------------------- names and kinds */

/* A data property's value, read from the shape without calling anything; JS_UNDEFINED if none. */
static JSValue ll_own_data(JSObject *p, JSAtom atom)
{
    JSShape *sh = p->shape;
    JSShapeProperty *prs = get_shape_prop(sh);
    int i;
    for (i = 0; i < sh->prop_count; i++, prs++) {
        if (prs->atom == atom && (prs->flags & JS_PROP_TMASK) == JS_PROP_NORMAL)
            return p->prop[i].u.value;
    }
    return JS_UNDEFINED;
}

static int ll_is_bytecode_function(JSObject *p)
{
    return p->class_id == JS_CLASS_BYTECODE_FUNCTION || p->class_id == JS_CLASS_GENERATOR_FUNCTION ||
           p->class_id == JS_CLASS_ASYNC_FUNCTION || p->class_id == JS_CLASS_ASYNC_GENERATOR_FUNCTION;
}

/* A function's name: its own `name` data property (what `.name` gives, without calling a getter a
   class may define), else the name its code was compiled with. */
static int32_t ll_function_name(LLWalk *w, JSObject *f)
{
    JSValue name = ll_own_data(f, JS_ATOM_name);
    if (JS_VALUE_GET_TAG(name) == JS_TAG_STRING) {
        JSString *s = JS_VALUE_GET_STRING(name);
        if (s->len > 0) {
            char buf[256];
            int i, n = 0;
            for (i = 0; i < (int)s->len && n < (int)sizeof buf - UTF8_CHAR_LEN_MAX - 1; i++) {
                int c = string_get(s, i);
                if (c < 128)
                    buf[n++] = c;
                else
                    n += unicode_to_utf8((uint8_t *)buf + n, c);
            }
            return ll_text_n(w, buf, n);
        }
    }
    if (ll_is_bytecode_function(f) && f->u.func.function_bytecode) {
        JSFunctionBytecode *b = f->u.func.function_bytecode;
        JSAtom a = b->func_name;
        if (a != JS_ATOM_NULL && a != JS_ATOM_empty_string)
            return ll_atom_text(w, a);
        /* A class keeps its name only in its `name` property, which a static `name` member (a
           getter, say) replaces: its source text still says `class Name`. */
        if (b->has_debug && b->debug.source && b->debug.source_len > 6 && !strncmp(b->debug.source, "class", 5)) {
            const char *at = b->debug.source + 5, *end = b->debug.source + b->debug.source_len;
            const char *start;
            while (at < end && (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r'))
                at++;
            start = at;
            while (at < end && (isalnum((unsigned char)*at) || *at == '_' || *at == '$'))
                at++;
            if (at > start && at - start < 128 && strncmp(start, "extends", 7))
                return ll_text_n(w, start, at - start);
        }
    }
    return ll_text(w, "(anonymous)");
}

/* The name of instances of a prototype: its own `constructor` (a data property holding a function),
   by that function's name; `fallback` when there is none. */
static int32_t ll_proto_name(LLWalk *w, JSObject *proto, int32_t fallback)
{
    int32_t cached;
    JSValue ctor;
    if (!proto)
        return fallback;
    cached = ll_map_get(&w->protos, (uintptr_t)proto, -1);
    if (cached >= 0)
        return cached;
    ctor = ll_own_data(proto, JS_ATOM_constructor);
    cached = fallback;
    if (JS_VALUE_GET_TAG(ctor) == JS_TAG_OBJECT) {
        JSObject *f = JS_VALUE_GET_OBJ(ctor);
        if (f->class_id == JS_CLASS_C_FUNCTION || f->class_id == JS_CLASS_BOUND_FUNCTION ||
            f->class_id == JS_CLASS_C_FUNCTION_DATA || ll_is_bytecode_function(f))
            cached = ll_function_name(w, f);
    }
    ll_map_put(&w->protos, (uintptr_t)proto, cached);
    return cached;
}

/* A class constructor is code with OP_check_ctor ("must be invoked with new"), which the compiler
   emits for class constructors only; the compiler may put set-up code before it. Cached per code. */
static int ll_is_class_constructor(LLWalk *w, JSObject *p)
{
    JSFunctionBytecode *b = p->u.func.function_bytecode;
    int32_t cached, pos = 0;
    if (!b)
        return 0;
    if (b->is_derived_class_constructor)
        return 1;
    cached = ll_map_get(&w->classes, (uintptr_t)b, -1);
    if (cached >= 0)
        return cached;
    cached = 0;
    while (pos < b->byte_code_len) {
        uint8_t op = b->byte_code_buf[pos];
        if (op == OP_check_ctor) {
            cached = 1;
            break;
        }
        pos += short_opcode_info(op).size;
    }
    ll_map_put(&w->classes, (uintptr_t)b, cached);
    return cached;
}

static int32_t ll_class_name(LLWalk *w, int class_id)
{
    return ll_atom_text(w, w->rt->class_array[class_id].class_name);
}

/* Variables a function captured, the cells of the script's top-level bindings left out (they are
   roots themselves): what makes it a closure in the learner's sense. */
static int32_t ll_captured_count(LLWalk *w, JSObject *p)
{
    JSFunctionBytecode *b = p->u.func.function_bytecode;
    int32_t k, n = 0;
    if (!b)
        return 0;
    for (k = 0; k < b->closure_var_count; k++) {
        JSVarRef *r = p->u.func.var_refs ? p->u.func.var_refs[k] : NULL;
        if (r && ll_map_get(&w->global_cells, (uintptr_t)r, 0) != 1)
            n++;
    }
    return n;
}

/* Kind and name of a JS object (see NODE_KINDS), and the size model's length input. */
static void ll_describe(LLWalk *w, JSObject *p, int32_t *kind, int32_t *name, int32_t *length)
{
    int32_t object_name = ll_text(w, "Object");
    JSObject *proto = p->shape->proto;
    *length = 0;
    switch (p->class_id) {
    case JS_CLASS_OBJECT:
        *kind = LL_OBJECT;
        *name = ll_proto_name(w, proto, object_name);
        break;
    case JS_CLASS_ARRAY:
        *kind = LL_ARRAY;
        *name = ll_text(w, "Array");
        break;
    case JS_CLASS_BYTECODE_FUNCTION:
    case JS_CLASS_GENERATOR_FUNCTION:
    case JS_CLASS_ASYNC_FUNCTION:
    case JS_CLASS_ASYNC_GENERATOR_FUNCTION:
        if (ll_is_class_constructor(w, p))
            *kind = LL_CLASS;
        else if (ll_captured_count(w, p) > 0)
            *kind = LL_CLOSURE;
        else
            *kind = LL_FUNCTION;
        *name = ll_function_name(w, p);
        break;
    case JS_CLASS_C_FUNCTION:
    case JS_CLASS_C_FUNCTION_DATA:
        *kind = LL_FUNCTION;
        *name = ll_function_name(w, p);
        break;
    case JS_CLASS_BOUND_FUNCTION:
        *kind = LL_BOUND_FUNCTION;
        *name = ll_function_name(w, p);
        break;
    case JS_CLASS_PROMISE_RESOLVE_FUNCTION:
        *kind = LL_FUNCTION;
        *name = ll_text(w, "(resolve)");
        break;
    case JS_CLASS_PROMISE_REJECT_FUNCTION:
        *kind = LL_FUNCTION;
        *name = ll_text(w, "(reject)");
        break;
    case JS_CLASS_ASYNC_FUNCTION_RESOLVE:
        *kind = LL_FUNCTION;
        *name = ll_text(w, "(await resume)");
        break;
    case JS_CLASS_ASYNC_FUNCTION_REJECT:
        *kind = LL_FUNCTION;
        *name = ll_text(w, "(await throw)");
        break;
    case JS_CLASS_MAP: *kind = LL_MAP; *name = ll_proto_name(w, proto, ll_text(w, "Map")); break;
    case JS_CLASS_SET: *kind = LL_SET; *name = ll_proto_name(w, proto, ll_text(w, "Set")); break;
    case JS_CLASS_WEAKMAP: *kind = LL_WEAKMAP; *name = ll_proto_name(w, proto, ll_text(w, "WeakMap")); break;
    case JS_CLASS_WEAKSET: *kind = LL_WEAKSET; *name = ll_proto_name(w, proto, ll_text(w, "WeakSet")); break;
    case JS_CLASS_WEAK_REF: *kind = LL_WEAKREF; *name = ll_proto_name(w, proto, ll_text(w, "WeakRef")); break;
    case JS_CLASS_PROMISE: *kind = LL_PROMISE; *name = ll_proto_name(w, proto, ll_text(w, "Promise")); break;
    case JS_CLASS_PROXY: *kind = LL_PROXY; *name = ll_text(w, "Proxy"); break;
    case JS_CLASS_REGEXP: *kind = LL_REGEXP; *name = ll_proto_name(w, proto, ll_text(w, "RegExp")); break;
    case JS_CLASS_DATE: *kind = LL_DATE; *name = ll_proto_name(w, proto, ll_text(w, "Date")); break;
    case JS_CLASS_ERROR: *kind = LL_ERROR; *name = ll_proto_name(w, proto, ll_text(w, "Error")); break;
    case JS_CLASS_ARRAY_BUFFER:
    case JS_CLASS_SHARED_ARRAY_BUFFER:
        *kind = LL_ARRAYBUFFER;
        *name = ll_proto_name(w, proto, ll_class_name(w, p->class_id));
        if (p->u.array_buffer)
            *length = p->u.array_buffer->byte_length;
        break;
    case JS_CLASS_GENERATOR:
        *kind = LL_OBJECT;
        *name = ll_text(w, "Generator");
        break;
    case JS_CLASS_ASYNC_GENERATOR:
        *kind = LL_OBJECT;
        *name = ll_text(w, "AsyncGenerator");
        break;
    default:
        if (p->class_id >= JS_CLASS_UINT8C_ARRAY && p->class_id <= JS_CLASS_DATAVIEW) {
            *kind = LL_TYPED_ARRAY;
            *name = ll_proto_name(w, proto, ll_class_name(w, p->class_id));
            if (p->u.typed_array)
                *length = p->u.typed_array->length;
        } else {
            /* Arguments, iterators, wrappers of primitives...: the engine's own class name. */
            *kind = LL_OBJECT;
            *name = p->class_id < JS_CLASS_INIT_COUNT ? ll_class_name(w, p->class_id) : ll_proto_name(w, proto, object_name);
        }
        break;
    }
}


/* ---------------------------------------------------------------- the size model's inputs */

static int ll_is_class_constructor(LLWalk *w, JSObject *p);
static int32_t ll_captured_count(LLWalk *w, JSObject *p);
static int ll_is_bytecode_function(JSObject *p);

/* What the size model (src/heap/size-model.ts) reads of an object: own properties (an array's length
   and LeakLab's internal slots left out), elements (array items, Map and Set records, captured
   variables), and a length (a buffer's bytes). The walk and tracemalloc both size objects by it. */
static void ll_size_inputs(LLWalk *w, JSObject *p, int32_t *props, int32_t *elements)
{
    JSShape *sh = p->shape;
    JSShapeProperty *prs = get_shape_prop(sh);
    int i, function = ll_is_bytecode_function(p);
    *props = 0;
    *elements = 0;
    for (i = 0; i < sh->prop_count; i++, prs++) {
        if (prs->atom == JS_ATOM_NULL || (p->class_id == JS_CLASS_ARRAY && prs->atom == JS_ATOM_length))
            continue;
        /* a plain function's prototype is made on first use: not counted, made or not */
        if (function && prs->atom == JS_ATOM_prototype && !ll_is_class_constructor(w, p))
            continue;
        if (ll_slots.count > 0) {
            int k, hidden = 0;
            for (k = 0; k < ll_slots.count; k++)
                if (ll_slots.atoms[k] == prs->atom)
                    hidden = 1;
            if (hidden)
                continue;
        }
        (*props)++;
    }
    switch (p->class_id) {
    case JS_CLASS_ARRAY:
    case JS_CLASS_ARGUMENTS:
        if (p->fast_array)
            *elements = p->u.array.count;
        break;
    case JS_CLASS_BYTECODE_FUNCTION:
    case JS_CLASS_GENERATOR_FUNCTION:
    case JS_CLASS_ASYNC_FUNCTION:
    case JS_CLASS_ASYNC_GENERATOR_FUNCTION:
        *elements = ll_captured_count(w, p);
        break;
    case JS_CLASS_MAP:
    case JS_CLASS_SET:
    case JS_CLASS_WEAKMAP:
    case JS_CLASS_WEAKSET:
        if (p->u.map_state)
            *elements = p->u.map_state->record_count;
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------- nodes and edges */

/* uid: the thing's number in the run's allocation sequence (rt->ll_serial), the same in every walk
   of the run and never another's; 0 for the synthetic root. */
static int32_t ll_add_node(LLWalk *w, int32_t kind, int32_t name, int32_t site, int32_t length, int32_t obj, uint32_t uid)
{
    int32_t *row;
    if (ll_ints_reserve(&w->nodes, LL_NODE_FIELDS) || ll_ints_push(&w->node_obj, obj)) {
        w->failed = 1;
        return 0;
    }
    row = w->nodes.data + w->nodes.length;
    row[0] = kind;
    row[1] = name;
    row[2] = site;
    row[3] = 0;
    row[4] = 0;
    row[5] = length;
    row[6] = (int32_t)uid;
    w->nodes.length += LL_NODE_FIELDS;
    return w->nodes.length / LL_NODE_FIELDS - 1;
}

static void ll_add_edge(LLWalk *w, int32_t from, int32_t to, int32_t kind, int32_t label)
{
    int32_t *row;
    if (w->count_only)
        return;
    if (ll_ints_reserve(&w->edges, LL_EDGE_FIELDS)) {
        w->failed = 1;
        return;
    }
    row = w->edges.data + w->edges.length;
    row[0] = from;
    row[1] = to;
    row[2] = kind;
    row[3] = label;
    w->edges.length += LL_EDGE_FIELDS;
}

/* The environment: walked through, never a node. A C function is always the engine's, also one it
   makes after the baseline (a built-in's methods are made on first use). */
static int ll_is_transparent(LLWalk *w, int32_t i)
{
    JSGCObjectHeader *h = w->objs[i];
    (void)w;
    if (h->gc_obj_type != JS_GC_OBJ_TYPE_JS_OBJECT && h->gc_obj_type != JS_GC_OBJ_TYPE_ASYNC_FUNCTION)
        return 1;
    if (h->gc_obj_type == JS_GC_OBJ_TYPE_JS_OBJECT && ((JSObject *)h)->class_id == JS_CLASS_C_FUNCTION)
        return 1;
    return (ll_flags(h) & LL_BASELINE) != 0;
}

/* The node of object i, made when it is first met (then queued); -1 if it has none. */
static int32_t ll_meet(LLWalk *w, int32_t i, int32_t parent, int32_t label)
{
    JSGCObjectHeader *h = w->objs[i];
    int32_t id;
    if (w->node_of[i] != -1)
        return w->node_of[i];
    if (w->owned_phase) {
        w->node_of[i] = ll_is_transparent(w, i) ? -2 : -4;
        w->parent[i] = parent;
        w->plabel[i] = label;
        ll_ints_push(&w->queue, i);
        return w->node_of[i];
    }
    if (ll_is_transparent(w, i)) {
        /* Met from a learner's object (an instance's prototype, a built-in it holds), the
           environment is not walked from there: it is walked from its own roots, globalThis first. */
        if (w->from_node > 0 && w->from_node != w->global_node && h->gc_obj_type != JS_GC_OBJ_TYPE_FUNCTION_BYTECODE &&
            h->gc_obj_type != JS_GC_OBJ_TYPE_VAR_REF)
            return -2;
        w->node_of[i] = -2;
        w->parent[i] = parent;
        w->plabel[i] = label;
        ll_ints_push(&w->queue, i);
        return -2;
    }
    if (h->gc_obj_type == JS_GC_OBJ_TYPE_ASYNC_FUNCTION) {
        JSAsyncFunctionState *s = (JSAsyncFunctionState *)h;
        int32_t name = ll_text(w, "(frame)");
        if (JS_VALUE_GET_TAG(s->frame.cur_func) == JS_TAG_OBJECT)
            name = ll_function_name(w, JS_VALUE_GET_OBJ(s->frame.cur_func));
        /* numbered when first met (patches/0011): a frame is no JSObject, made without a number */
        if (!s->ll_serial)
            s->ll_serial = ++w->rt->ll_serial;
        id = ll_add_node(w, LL_FRAME, name, -1, 0, i, s->ll_serial);
    } else {
        JSObject *p = (JSObject *)h;
        int32_t kind, name, length;
        ll_describe(w, p, &kind, &name, &length);
        id = ll_add_node(w, kind, name, p->ll_site ? (int32_t)p->ll_site : -1, length, i, p->ll_serial);
    }
    w->node_of[i] = id;
    ll_ints_push(&w->queue, i);
    return id;
}

/* The path of a transparent object from the root it was met from, for the label of a root edge
   that leaves it: `globalThis.Array.prototype.leak`. */
static int32_t ll_path_label(LLWalk *w, int32_t i, int32_t label)
{
    int32_t chain[16], depth = 0, k, n = 0;
    char buf[512];
    while (i >= 0 && depth < 16 && w->node_of[i] == -2) {
        chain[depth++] = w->plabel[i];
        i = w->parent[i];
    }
    if (i >= 0 && w->node_of[i] == w->global_node)
        n += snprintf(buf + n, sizeof buf - n, "globalThis");
    for (k = depth - 1; k >= 0 && n < (int)sizeof buf - 1; k--)
        if (chain[k] >= 0)
            n += snprintf(buf + n, sizeof buf - n, "%s%s", n ? "." : "", w->texts + w->text_offsets.data[chain[k]]);
    if (n < (int)sizeof buf - 1)
        n += snprintf(buf + n, sizeof buf - n, "%s%s", n ? "." : "", w->texts + w->text_offsets.data[label]);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    return ll_text_n(w, buf, n);
}

/* A string's number in the run's allocation sequence, given when a walk first meets it. A plain
   string keeps it in hash_next, which only atoms use (and a string made an atom later is another
   node: atoms are never string nodes' keys again). An atom (a long property key) has no spare
   field: it gets a new number at each walk, so it reads as freed and made again between walks. */
static uint32_t ll_string_serial(LLWalk *w, JSString *s)
{
    if (s->atom_type != 0)
        return ++w->rt->ll_serial;
    if (!s->hash_next)
        s->hash_next = ++w->rt->ll_serial;
    return s->hash_next;
}

/* A long string, a node of its own (shared strings are one node). */
static int32_t ll_string_node(LLWalk *w, JSString *s)
{
    int32_t id = ll_map_get(&w->strings, (uintptr_t)s, -1);
    if (id >= 0)
        return id;
    id = ll_add_node(w, LL_STRING, ll_text(w, "(string)"), -1, s->len, -1, ll_string_serial(w, s));
    ll_map_put(&w->strings, (uintptr_t)s, id);
    return id;
}

static void ll_emit_to(LLWalk *w, int32_t to, int32_t kind, int32_t label)
{
    /* globalThis is a root: a reference back to it (globalThis.globalThis, window) retains nothing */
    if (to == w->global_node && w->from_node != 0)
        return;
    /* LeakLab's own state holding one of the program's objects (the document a getter made) is
       not a way the program keeps it */
    if (w->owned_phase)
        return;
    if (w->from_node >= 0) {
        ll_add_edge(w, w->from_node, to, kind, label);
    } else {
        /* from the environment: a root edge labelled with the way there */
        ll_add_edge(w, 0, to, LE_ROOT, kind == LE_ELEMENT || kind == LE_SET_MEMBER ? ll_path_label(w, w->current, ll_text(w, "[]")) : ll_path_label(w, w->current, label));
    }
}

static void ll_named_value(LLWalk *w, JSValueConst v, int32_t kind, int32_t label);

/* A reference the walker names. `raw` is what the object's mark function reports for it (a GC
   object, or NULL for a value that is no GC object), which the name accounts for. */
static void ll_named_gc(LLWalk *w, JSGCObjectHeader *raw, int32_t kind, int32_t label)
{
    int32_t i = ll_index_of(w, raw), id;
    if (i < 0)
        return;
    if (w->pending[i] > 0) {
        w->pending[i]--;
        w->named++;
    }
    if (raw->gc_obj_type == JS_GC_OBJ_TYPE_VAR_REF) {
        /* a variable's cell: the reference is to its value (and to the frame it still lives in) */
        JSVarRef *r = (JSVarRef *)raw;
        if (kind == LE_CLOSURE && w->current >= 0 && w->node_of[w->current] == -2 && !w->owned_phase) {
            ll_ints_push(&w->deferred, i);
            return;
        }
        /* a function using a top-level let or const holds the binding's cell, which is a root
           itself: the reference adds no way to keep anything, and is not drawn */
        if (kind == LE_CLOSURE && ll_map_get(&w->global_cells, (uintptr_t)r, 0) == 1)
            return;
        w->node_of[i] = w->node_of[i] == -1 ? -2 : w->node_of[i];
        ll_named_value(w, *r->pvalue, kind, label);
        if (!r->is_detached && (r->stack_frame->js_mode & JS_MODE_ASYNC)) {
            JSAsyncFunctionState *s = container_of(r->stack_frame, JSAsyncFunctionState, frame);
            int32_t j = ll_index_of(w, s);
            if (j >= 0) {
                id = ll_meet(w, j, w->current, ll_text(w, "frame"));
                if (id >= 0)
                    ll_emit_to(w, id, LE_INTERNAL, ll_text(w, "frame"));
            }
        }
        return;
    }
    id = ll_meet(w, i, w->current, label);
    if (id >= 0)
        ll_emit_to(w, id, kind, label);
}

static void ll_named_value(LLWalk *w, JSValueConst v, int32_t kind, int32_t label)
{
    switch (JS_VALUE_GET_TAG(v)) {
    case JS_TAG_OBJECT:
    case JS_TAG_FUNCTION_BYTECODE:
    case JS_TAG_MODULE:
        ll_named_gc(w, JS_VALUE_GET_PTR(v), kind, label);
        break;
    case JS_TAG_STRING: {
        JSString *s = JS_VALUE_GET_STRING(v);
        if (s->len >= LL_LONG_STRING && w->from_node >= 0)
            ll_emit_to(w, ll_string_node(w, s), kind, label);
        break;
    }
    default:
        break;
    }
}

/* A reference the walker names but no mark function reports (a weak one, a WeakMap value seen from
   its key): an edge, never counted against the mark functions. */
static void ll_extra_value(LLWalk *w, JSValueConst v, int32_t kind, int32_t label)
{
    int32_t i, id;
    if (JS_VALUE_GET_TAG(v) != JS_TAG_OBJECT)
        return;
    i = ll_index_of(w, JS_VALUE_GET_PTR(v));
    if (i < 0)
        return;
    if (kind == LE_WEAK) {
        /* a weak reference keeps nothing alive: it never makes a node */
        if (w->node_of[i] >= 0 && w->from_node >= 0)
            ll_add_edge(w, w->from_node, w->node_of[i], kind, label);
        return;
    }
    id = ll_meet(w, i, w->current, label);
    if (id >= 0)
        ll_emit_to(w, id, kind, label);
}

static int32_t ll_index_label(LLWalk *w, const char *prefix, int32_t k, const char *suffix)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s[%d]%s", prefix, (int)k, suffix);
    return ll_text(w, buf);
}

/* How a Map key reads in a path: strings quoted, numbers as written, objects by class. */
static int32_t ll_key_label(LLWalk *w, JSValueConst key)
{
    char buf[160];
    switch (JS_VALUE_GET_TAG(key)) {
    case JS_TAG_STRING: {
        JSString *s = JS_VALUE_GET_STRING(key);
        int i, n = 0;
        buf[n++] = '"';
        for (i = 0; i < (int)s->len && n < 120; i++) {
            int c = string_get(s, i);
            if (c == '"' || c == '\\') {
                buf[n++] = '\\';
                buf[n++] = c;
            } else if (c < 32) {
                n += snprintf(buf + n, sizeof buf - n, "\\u%04x", c);
            } else if (c < 128) {
                buf[n++] = c;
            } else {
                n += unicode_to_utf8((uint8_t *)buf + n, c);
            }
        }
        if (i < (int)s->len)
            n += snprintf(buf + n, sizeof buf - n, "...");
        buf[n++] = '"';
        return ll_text_n(w, buf, n);
    }
    case JS_TAG_INT:
        snprintf(buf, sizeof buf, "%d", JS_VALUE_GET_INT(key));
        return ll_text(w, buf);
    case JS_TAG_FLOAT64:
        snprintf(buf, sizeof buf, "%.17g", JS_VALUE_GET_FLOAT64(key));
        return ll_text(w, buf);
    case JS_TAG_BOOL:
        return ll_text(w, JS_VALUE_GET_BOOL(key) ? "true" : "false");
    case JS_TAG_NULL:
        return ll_text(w, "null");
    case JS_TAG_UNDEFINED:
        return ll_text(w, "undefined");
    case JS_TAG_SYMBOL: {
        JSAtomStruct *p = JS_VALUE_GET_PTR(key);
        return ll_atom_text(w, js_get_atom_index(w->rt, p));
    }
    case JS_TAG_OBJECT: {
        int32_t kind, name, length;
        JSObject *p = JS_VALUE_GET_OBJ(key);
        ll_describe(w, p, &kind, &name, &length);
        if (kind == LL_FUNCTION || kind == LL_CLOSURE || kind == LL_CLASS || kind == LL_BOUND_FUNCTION)
            snprintf(buf, sizeof buf, "{function %s}", w->texts + w->text_offsets.data[name]);
        else
            snprintf(buf, sizeof buf, "{%s}", w->texts + w->text_offsets.data[name]);
        return ll_text(w, buf);
    }
    default:
        return ll_text(w, "?");
    }
}

static int32_t ll_slot_label(LLWalk *w, JSAtom atom)
{
    int k;
    if (ll_slots.rt != w->rt)
        return -1;
    for (k = 0; k < ll_slots.count; k++)
        if (ll_slots.atoms[k] == atom)
            return ll_text(w, ll_slots.labels[k]);
    return -1;
}

/* An element or a Set member: the edge carries its position itself, not a text. */
static void ll_positional(LLWalk *w, JSValueConst v, int32_t kind, int32_t position)
{
    int32_t tag = JS_VALUE_GET_TAG(v);
    if (tag == JS_TAG_OBJECT) {
        int32_t j = ll_index_of(w, JS_VALUE_GET_PTR(v)), id;
        if (j < 0)
            return;
        if (w->pending[j] > 0) {
            w->pending[j]--;
            w->named++;
        }
        id = ll_meet(w, j, w->current, ll_text(w, "[]"));
        if (id < 0 || id == w->global_node)
            return;
        if (w->from_node >= 0)
            ll_add_edge(w, w->from_node, id, kind, position);
        else
            ll_emit_to(w, id, kind, ll_text(w, "[]"));
    } else if (tag == JS_TAG_STRING && JS_VALUE_GET_STRING(v)->len >= LL_LONG_STRING && w->from_node >= 0) {
        ll_add_edge(w, w->from_node, ll_string_node(w, JS_VALUE_GET_STRING(v)), kind, position);
    }
}

/* ---------------------------------------------------------------- one object's references */

static void ll_walk_properties(LLWalk *w, JSObject *p, int32_t *props)
{
    JSShape *sh = p->shape;
    JSShapeProperty *prs = get_shape_prop(sh);
    int i;
    char buf[300];
    for (i = 0; i < sh->prop_count; i++, prs++) {
        JSProperty *pr = &p->prop[i];
        JSAtom atom = prs->atom;
        int32_t kind = LE_PROPERTY, label, slot;
        if (atom == JS_ATOM_NULL)
            continue;
        if (p->class_id == JS_CLASS_ARRAY && atom == JS_ATOM_length)
            continue;
        (*props)++;
        if (__JS_AtomIsTaggedInt(atom))
            kind = LE_ELEMENT;
        slot = ll_slot_label(w, atom);
        if (slot >= 0) {
            kind = LE_INTERNAL;
            label = slot;
            (*props)--;
        } else if (atom == JS_ATOM_brand) {
            kind = LE_INTERNAL;
            label = ll_text(w, "brand");
        } else {
            label = ll_atom_text(w, atom);
        }
        switch (prs->flags & JS_PROP_TMASK) {
        case JS_PROP_NORMAL:
            if (kind == LE_ELEMENT) {
                ll_positional(w, pr->u.value, LE_ELEMENT, __JS_AtomToUInt32(atom));
                break;
            }
            ll_named_value(w, pr->u.value, kind, label);
            break;
        case JS_PROP_GETSET: {
            const char *key = w->texts + w->text_offsets.data[label];
            if (pr->u.getset.getter) {
                snprintf(buf, sizeof buf, "get %s", key);
                ll_named_gc(w, &pr->u.getset.getter->header, LE_INTERNAL, ll_text(w, buf));
            }
            if (pr->u.getset.setter) {
                key = w->texts + w->text_offsets.data[label];
                snprintf(buf, sizeof buf, "set %s", key);
                ll_named_gc(w, &pr->u.getset.setter->header, LE_INTERNAL, ll_text(w, buf));
            }
            break;
        }
        case JS_PROP_VARREF:
            ll_named_gc(w, &pr->u.var_ref->header, kind, label);
            break;
        default:
            /* JS_PROP_AUTOINIT: a built-in not made yet; it holds only its realm */
            break;
        }
    }
}

/* A suspended frame: `this`, arguments and locals by name, then what the expression stack holds. */
static void ll_walk_frame(LLWalk *w, JSAsyncFunctionState *s)
{
    JSStackFrame *sf = &s->frame;
    JSFunctionBytecode *b = NULL;
    JSValue *sp;
    int32_t k = 0;
    if (JS_VALUE_GET_TAG(sf->cur_func) == JS_TAG_OBJECT) {
        JSObject *f = JS_VALUE_GET_OBJ(sf->cur_func);
        if (ll_is_bytecode_function(f))
            b = f->u.func.function_bytecode;
    }
    if (!s->is_completed) {
        ll_named_value(w, sf->cur_func, LE_INTERNAL, ll_text(w, "function"));
        ll_named_value(w, s->this_val, LE_INTERNAL, ll_text(w, "this"));
        if (sf->cur_sp) {
            for (sp = sf->arg_buf; sp < sf->cur_sp; sp++, k++) {
                int32_t arg_len = sf->var_buf - sf->arg_buf;
                int32_t label;
                if (b && k < b->arg_count && b->vardefs)
                    label = ll_atom_text(w, b->vardefs[k].var_name);
                else if (k < arg_len)
                    label = ll_index_label(w, "arguments", k, "");
                else if (b && k - arg_len < b->var_count && b->vardefs)
                    label = ll_atom_text(w, b->vardefs[b->arg_count + k - arg_len].var_name);
                else
                    label = ll_text(w, "(stack)");
                ll_named_value(w, *sp, k < arg_len || (b && k - arg_len < b->var_count) ? LE_CLOSURE : LE_INTERNAL, label);
            }
        }
    }
    ll_named_value(w, s->resolving_funcs[0], LE_INTERNAL, ll_text(w, "resolve"));
    ll_named_value(w, s->resolving_funcs[1], LE_INTERNAL, ll_text(w, "reject"));
    if (w->from_node >= 0)
        w->nodes.data[w->from_node * LL_NODE_FIELDS + 4] = k;
}

static void ll_walk_object(LLWalk *w, JSObject *p)
{
    int32_t props = 0, elements = 0, k;
    ll_walk_properties(w, p, &props);
    {
        /* the shape is what the mark function reports; the prototype is what it holds */
        int32_t i = ll_index_of(w, p->shape);
        if (i >= 0 && w->pending[i] > 0) {
            w->pending[i]--;
            w->named++;
        }
        if (p->shape->proto)
            ll_named_gc(w, &p->shape->proto->header, LE_PROTOTYPE, ll_text(w, "__proto__"));
    }
    switch (p->class_id) {
    case JS_CLASS_ARRAY:
    case JS_CLASS_ARGUMENTS:
        if (p->fast_array) {
            elements = p->u.array.count;
            for (k = 0; k < (int32_t)p->u.array.count; k++)
                ll_positional(w, p->u.array.u.values[k], LE_ELEMENT, k);
        }
        break;
    case JS_CLASS_MAPPED_ARGUMENTS:
        for (k = 0; k < (int32_t)p->u.array.count; k++)
            ll_named_gc(w, &p->u.array.u.var_refs[k]->header, LE_ELEMENT, ll_index_label(w, "", k, ""));
        break;
    case JS_CLASS_BYTECODE_FUNCTION:
    case JS_CLASS_GENERATOR_FUNCTION:
    case JS_CLASS_ASYNC_FUNCTION:
    case JS_CLASS_ASYNC_GENERATOR_FUNCTION: {
        JSFunctionBytecode *b = p->u.func.function_bytecode;
        if (p->u.func.home_object)
            ll_named_gc(w, &p->u.func.home_object->header, LE_INTERNAL, ll_text(w, "home object"));
        if (b) {
            if (p->u.func.var_refs) {
                for (k = 0; k < b->closure_var_count; k++) {
                    JSVarRef *r = p->u.func.var_refs[k];
                    if (r)
                        ll_named_gc(w, &r->header, LE_CLOSURE, ll_atom_text(w, b->closure_var[k].var_name));
                }
            }
            elements = b->closure_var_count;
            ll_named_gc(w, &b->header, LE_INTERNAL, ll_text(w, "code"));
        }
        break;
    }
    case JS_CLASS_BOUND_FUNCTION: {
        JSBoundFunction *bf = p->u.bound_function;
        ll_named_value(w, bf->func_obj, LE_INTERNAL, ll_text(w, "target"));
        ll_named_value(w, bf->this_val, LE_INTERNAL, ll_text(w, "this"));
        for (k = 0; k < bf->argc; k++)
            ll_named_value(w, bf->argv[k], LE_INTERNAL, ll_index_label(w, "args", k, ""));
        break;
    }
    case JS_CLASS_C_FUNCTION_DATA: {
        JSCFunctionDataRecord *d = p->u.c_function_data_record;
        for (k = 0; k < d->data_len; k++)
            ll_named_value(w, d->data[k], LE_INTERNAL, ll_index_label(w, "data", k, ""));
        break;
    }
    case JS_CLASS_PROXY:
        if (p->u.proxy_data) {
            ll_named_value(w, p->u.proxy_data->target, LE_INTERNAL, ll_text(w, "target"));
            ll_named_value(w, p->u.proxy_data->handler, LE_INTERNAL, ll_text(w, "handler"));
        }
        break;
    case JS_CLASS_MAP:
    case JS_CLASS_SET:
    case JS_CLASS_WEAKMAP:
    case JS_CLASS_WEAKSET: {
        JSMapState *s = p->u.map_state;
        struct list_head *el;
        if (!s)
            break;
        list_for_each(el, &s->records) {
            JSMapRecord *mr = list_entry(el, JSMapRecord, link);
            if (mr->empty)
                continue;
            if (s->is_weak && !js_weakref_is_live(mr->key)) {
                /* the key died: the value waits for the collector, which drops the record; it is
                   held by nothing the program can reach */
                if (JS_VALUE_GET_TAG(mr->value) == JS_TAG_OBJECT) {
                    int32_t j = ll_index_of(w, JS_VALUE_GET_PTR(mr->value));
                    if (j >= 0 && w->pending[j] > 0) {
                        w->pending[j]--;
                        w->named++;
                    }
                }
                continue;
            }
            if (p->class_id == JS_CLASS_SET) {
                ll_positional(w, mr->key, LE_SET_MEMBER, elements);
            } else if (p->class_id == JS_CLASS_MAP) {
                int32_t label = ll_key_label(w, mr->key);
                ll_named_value(w, mr->key, LE_MAP_KEY, label);
                ll_named_value(w, mr->value, LE_MAP_VALUE, label);
            } else if (p->class_id == JS_CLASS_WEAKMAP) {
                /* An ephemeron: the value is alive only while the map and its key both are. It is
                   followed once the key is reached some other way (see ll_ephemerons). */
                int32_t j = JS_VALUE_GET_TAG(mr->key) == JS_TAG_OBJECT ? ll_index_of(w, JS_VALUE_GET_PTR(mr->key)) : -1;
                int32_t v = JS_VALUE_GET_TAG(mr->value) == JS_TAG_OBJECT ? ll_index_of(w, JS_VALUE_GET_PTR(mr->value)) : -1;
                if (v >= 0 && w->pending[v] > 0) {
                    w->pending[v]--;
                    w->named++;
                }
                if (j >= 0 && v >= 0 && w->from_node > 0) {
                    int32_t *e;
                    if (ll_ints_reserve(&w->weak_entries, 5)) {
                        w->failed = 1;
                    } else {
                        e = w->weak_entries.data + w->weak_entries.length;
                        e[0] = w->from_node;
                        e[1] = j;
                        e[2] = v;
                        e[3] = ll_key_label(w, mr->key);
                        e[4] = 0;
                        w->weak_entries.length += 5;
                    }
                }
            }
            elements++;
        }
        break;
    }
    case JS_CLASS_WEAK_REF: {
        JSWeakRefData *wrd = p->u.opaque;
        if (wrd && js_weakref_is_live(wrd->target))
            ll_extra_value(w, wrd->target, LE_WEAK, ll_text(w, "target"));
        break;
    }
    case JS_CLASS_FINALIZATION_REGISTRY: {
        JSFinalizationRegistryData *frd = p->u.opaque;
        struct list_head *el;
        if (!frd)
            break;
        k = 0;
        list_for_each(el, &frd->entries) {
            JSFinRecEntry *fre = list_entry(el, JSFinRecEntry, link);
            ll_named_value(w, fre->held_val, LE_INTERNAL, ll_index_label(w, "held", k, ""));
            if (js_weakref_is_live(fre->target))
                ll_extra_value(w, fre->target, LE_WEAK, ll_index_label(w, "target", k, ""));
            k++;
        }
        ll_named_value(w, frd->cb, LE_INTERNAL, ll_text(w, "cleanup"));
        elements = k;
        break;
    }
    case JS_CLASS_PROMISE: {
        JSPromiseData *s = p->u.promise_data;
        struct list_head *el;
        int list;
        if (!s)
            break;
        for (list = 0; list < 2; list++) {
            k = 0;
            list_for_each(el, &s->promise_reactions[list]) {
                JSPromiseReactionData *rd = list_entry(el, JSPromiseReactionData, link);
                const char *what = list == 0 ? "then" : "catch";
                ll_named_value(w, rd->handler, LE_INTERNAL, ll_index_label(w, what, k, ""));
                ll_named_value(w, rd->resolving_funcs[0], LE_INTERNAL, ll_index_label(w, what, k, ".resolve"));
                ll_named_value(w, rd->resolving_funcs[1], LE_INTERNAL, ll_index_label(w, what, k, ".reject"));
                k++;
            }
        }
        ll_named_value(w, s->promise_result, LE_INTERNAL, ll_text(w, "result"));
        break;
    }
    case JS_CLASS_PROMISE_RESOLVE_FUNCTION:
    case JS_CLASS_PROMISE_REJECT_FUNCTION:
        if (p->u.promise_function_data)
            ll_named_value(w, p->u.promise_function_data->promise, LE_INTERNAL, ll_text(w, "promise"));
        break;
    case JS_CLASS_ASYNC_FUNCTION_RESOLVE:
    case JS_CLASS_ASYNC_FUNCTION_REJECT:
        if (p->u.async_function_data)
            ll_named_gc(w, &p->u.async_function_data->header, LE_INTERNAL, ll_text(w, "frame"));
        break;
    case JS_CLASS_GENERATOR: {
        JSGeneratorData *g = p->u.generator_data;
        if (g && g->func_state)
            ll_named_gc(w, &g->func_state->header, LE_INTERNAL, ll_text(w, "frame"));
        break;
    }
    case JS_CLASS_ASYNC_GENERATOR: {
        JSAsyncGeneratorData *g = p->u.async_generator_data;
        struct list_head *el;
        if (!g)
            break;
        k = 0;
        list_for_each(el, &g->queue) {
            JSAsyncGeneratorRequest *req = list_entry(el, JSAsyncGeneratorRequest, link);
            ll_named_value(w, req->result, LE_INTERNAL, ll_index_label(w, "queue", k, ".value"));
            ll_named_value(w, req->promise, LE_INTERNAL, ll_index_label(w, "queue", k, ".promise"));
            ll_named_value(w, req->resolving_funcs[0], LE_INTERNAL, ll_index_label(w, "queue", k, ".resolve"));
            ll_named_value(w, req->resolving_funcs[1], LE_INTERNAL, ll_index_label(w, "queue", k, ".reject"));
            k++;
        }
        if (g->func_state)
            ll_named_gc(w, &g->func_state->header, LE_INTERNAL, ll_text(w, "frame"));
        break;
    }
    case JS_CLASS_NUMBER:
    case JS_CLASS_STRING:
    case JS_CLASS_BOOLEAN:
    case JS_CLASS_SYMBOL:
    case JS_CLASS_DATE:
    case JS_CLASS_BIG_INT:
        ll_named_value(w, p->u.object_data, LE_INTERNAL, ll_text(w, "value"));
        break;
    case JS_CLASS_GLOBAL_OBJECT:
        ll_named_value(w, p->u.global_object.uninitialized_vars, LE_INTERNAL, ll_text(w, "uninitialized"));
        break;
    case JS_CLASS_MAP_ITERATOR:
    case JS_CLASS_SET_ITERATOR:
        if (p->u.map_iterator_data)
            ll_named_value(w, p->u.map_iterator_data->obj, LE_INTERNAL, ll_text(w, "iterated"));
        break;
    case JS_CLASS_ARRAY_ITERATOR:
    case JS_CLASS_STRING_ITERATOR:
        if (p->u.array_iterator_data)
            ll_named_value(w, p->u.array_iterator_data->obj, LE_INTERNAL, ll_text(w, "iterated"));
        break;
    case JS_CLASS_REGEXP_STRING_ITERATOR:
        if (p->u.regexp_string_iterator_data) {
            ll_named_value(w, p->u.regexp_string_iterator_data->iterating_regexp, LE_INTERNAL, ll_text(w, "regexp"));
            ll_named_value(w, p->u.regexp_string_iterator_data->iterated_string, LE_INTERNAL, ll_text(w, "iterated"));
        }
        break;
    case JS_CLASS_ITERATOR_HELPER:
        if (p->u.iterator_helper_data) {
            ll_named_value(w, p->u.iterator_helper_data->obj, LE_INTERNAL, ll_text(w, "underlying"));
            ll_named_value(w, p->u.iterator_helper_data->next, LE_INTERNAL, ll_text(w, "next"));
            ll_named_value(w, p->u.iterator_helper_data->func, LE_INTERNAL, ll_text(w, "callback"));
            ll_named_value(w, p->u.iterator_helper_data->inner, LE_INTERNAL, ll_text(w, "inner"));
        }
        break;
    case JS_CLASS_ITERATOR_WRAP:
        if (p->u.iterator_wrap_data) {
            ll_named_value(w, p->u.iterator_wrap_data->wrapped_iter, LE_INTERNAL, ll_text(w, "wrapped"));
            ll_named_value(w, p->u.iterator_wrap_data->wrapped_next, LE_INTERNAL, ll_text(w, "next"));
        }
        break;
    case JS_CLASS_ITERATOR_CONCAT:
        if (p->u.iterator_concat_data) {
            JSIteratorConcatData *c = p->u.iterator_concat_data;
            ll_named_value(w, c->iter, LE_INTERNAL, ll_text(w, "current"));
            ll_named_value(w, c->next, LE_INTERNAL, ll_text(w, "next"));
            for (k = 0; k < c->count; k++)
                ll_named_value(w, c->values[k], LE_INTERNAL, ll_index_label(w, "sources", k / 2, k % 2 ? ".method" : ""));
        }
        break;
    case JS_CLASS_ASYNC_FROM_SYNC_ITERATOR:
        if (p->u.async_from_sync_iterator_data) {
            ll_named_value(w, p->u.async_from_sync_iterator_data->sync_iter, LE_INTERNAL, ll_text(w, "iterated"));
            ll_named_value(w, p->u.async_from_sync_iterator_data->next_method, LE_INTERNAL, ll_text(w, "next"));
        }
        break;
    case JS_CLASS_FOR_IN_ITERATOR:
        if (p->u.for_in_iterator)
            ll_named_value(w, p->u.for_in_iterator->obj, LE_INTERNAL, ll_text(w, "iterated"));
        break;
    default:
        if (p->class_id >= JS_CLASS_UINT8C_ARRAY && p->class_id <= JS_CLASS_DATAVIEW && p->u.typed_array) {
            ll_named_gc(w, &p->u.typed_array->buffer->header, LE_INTERNAL, ll_text(w, "buffer"));
        }
        break;
    }
    if (w->from_node >= 0) {
        int32_t *row = w->nodes.data + w->from_node * LL_NODE_FIELDS;
        ll_size_inputs(w, p, &row[3], &row[4]);
    }
}

static void ll_collect_child(JSRuntime *rt, JSGCObjectHeader *h)
{
    LLWalk *w = ll_w;
    int32_t i = ll_index_of(w, h);
    (void)rt;
    if (i < 0)
        return;
    if (w->pending[i]++ == 0)
        ll_ints_push(&w->truth, i);
}

/* Walk one object: name what it holds, then account for whatever its mark function reports that
   the names did not cover (an edge all the same: nothing the engine keeps is left out). */
static void ll_visit(LLWalk *w, int32_t i)
{
    JSGCObjectHeader *h = w->objs[i];
    int32_t t, named = w->named, unnamed = w->unnamed;
    w->current = i;
    w->from_node = w->node_of[i] >= 0 ? w->node_of[i] : -1;
    w->truth.length = 0;
    mark_children(w->rt, h, ll_collect_child);
    switch (h->gc_obj_type) {
    case JS_GC_OBJ_TYPE_JS_OBJECT:
        ll_walk_object(w, (JSObject *)h);
        break;
    case JS_GC_OBJ_TYPE_ASYNC_FUNCTION:
        ll_walk_frame(w, (JSAsyncFunctionState *)h);
        break;
    case JS_GC_OBJ_TYPE_FUNCTION_BYTECODE: {
        JSFunctionBytecode *b = (JSFunctionBytecode *)h;
        for (t = 0; t < b->cpool_count; t++)
            ll_named_value(w, b->cpool[t], LE_INTERNAL, ll_text(w, "code"));
        break;
    }
    case JS_GC_OBJ_TYPE_VAR_REF:
        ll_named_value(w, *((JSVarRef *)h)->pvalue, LE_INTERNAL, ll_text(w, "value"));
        break;
    case JS_GC_OBJ_TYPE_SHAPE:
        if (((JSShape *)h)->proto)
            ll_named_gc(w, &((JSShape *)h)->proto->header, LE_PROTOTYPE, ll_text(w, "__proto__"));
        break;
    default:
        break;
    }
    for (t = 0; t < w->truth.length; t++) {
        int32_t j = w->truth.data[t];
        JSGCObjectHeader *c = w->objs[j];
        if (w->pending[j] > 0) {
            int32_t id;
            /* contexts and realms are the engine's own roots, not a learner's reference */
            if (c->gc_obj_type == JS_GC_OBJ_TYPE_JS_CONTEXT) {
                w->named += w->pending[j];
            } else {
                w->unnamed += w->pending[j];
                if (c->gc_obj_type == JS_GC_OBJ_TYPE_VAR_REF) {
                    w->pending[j] = 0;
                    ll_named_value(w, *((JSVarRef *)c)->pvalue, LE_INTERNAL, ll_text(w, "(variable)"));
                } else {
                    id = ll_meet(w, j, i, ll_text(w, "(internal)"));
                    if (id >= 0)
                        ll_emit_to(w, id, LE_INTERNAL, ll_text(w, "(internal)"));
                }
            }
        }
        w->pending[j] = 0;
    }
    /* coverage counts the references of the program's objects, not the environment's */
    if (w->from_node <= 0 || w->from_node == w->global_node) {
        w->named = named;
        w->unnamed = unnamed;
    }
}

static void ll_drain(LLWalk *w)
{
    int32_t head = 0;
    while (head < w->queue.length && !w->failed) {
        ll_visit(w, w->queue.data[head++]);
    }
    w->queue.length = 0;
}

static void ll_count_external(JSRuntime *rt, JSGCObjectHeader *h)
{
    LLWalk *w = ll_w;
    int32_t i = ll_index_of(w, h);
    (void)rt;
    if (i >= 0)
        w->ext[i]--;
}

/* The cells of the script's global variables: its top-level let, const and class bindings, and the
   global object's properties that functions reach through a cell (var, function declarations). */
static void ll_read_global_cells(LLWalk *w, JSContext *ctx)
{
    JSObject *holders[2] = { JS_VALUE_GET_OBJ(ctx->global_var_obj), JS_VALUE_GET_OBJ(ctx->global_obj) };
    int32_t h, i;
    for (h = 0; h < 2; h++) {
        JSShapeProperty *prs = get_shape_prop(holders[h]->shape);
        for (i = 0; i < holders[h]->shape->prop_count; i++, prs++)
            if (prs->atom != JS_ATOM_NULL && (prs->flags & JS_PROP_TMASK) == JS_PROP_VARREF)
                ll_map_put(&w->global_cells, (uintptr_t)holders[h]->prop[i].u.var_ref, 1);
    }
}

static void ll_free_walk(LLWalk *w)
{
    free(w->objs);
    ll_map_free(&w->index);
    free(w->ext);
    free(w->node_of);
    free(w->parent);
    free(w->plabel);
    free(w->pending);
    free(w->truth.data);
    free(w->queue.data);
    free(w->node_obj.data);
    free(w->text_offsets.data);
    free(w->deferred.data);
    free(w->weak_entries.data);
    ll_map_free(&w->global_cells);
    ll_map_free(&w->text_index);
    free(w->atom_text);
    ll_map_free(&w->strings);
    ll_map_free(&w->protos);
    ll_map_free(&w->classes);
}

/* A root edge from the root node to a value. */
static void ll_root_value(LLWalk *w, JSValueConst v, int32_t label)
{
    w->current = -1;
    w->from_node = 0;
    ll_named_value(w, v, LE_ROOT, label);
}

/* The functions of the learner's file running as the walk is made (a snapshot taken inside a
   step: `leaklab.snapshot()`): their arguments and locals are roots, named `(running step).list`,
   innermost first. LeakLab's tools are left out; what a running frame holds beyond its variables
   (its `this`, its expression stack) stays "held by host". */
static void ll_running_frames(LLWalk *w)
{
    JSRuntime *rt = w->rt;
    JSStackFrame *sf;
    char buf[320];
    for (sf = rt->current_stack_frame; sf; sf = sf->prev_frame) {
        JSObject *f;
        JSFunctionBytecode *b;
        int32_t fname, k, args;
        if (JS_VALUE_GET_TAG(sf->cur_func) != JS_TAG_OBJECT)
            continue;
        f = JS_VALUE_GET_OBJ(sf->cur_func);
        if (!ll_is_bytecode_function(f) || !(b = f->u.func.function_bytecode) || b->ll_tool)
            continue;
        if (!b->has_debug || b->debug.filename != rt->ll_site_file || !b->vardefs)
            continue;
        fname = ll_function_name(w, f);
        args = sf->arg_count > b->arg_count ? sf->arg_count : b->arg_count;
        for (k = 0; k < args + b->var_count; k++) {
            JSValue v = k < args ? sf->arg_buf[k] : sf->var_buf[k - args];
            const char *var;
            int n;
            if (JS_VALUE_GET_TAG(v) != JS_TAG_OBJECT && JS_VALUE_GET_TAG(v) != JS_TAG_STRING)
                continue;
            if (k < b->arg_count)
                var = w->texts + w->text_offsets.data[ll_atom_text(w, b->vardefs[k].var_name)];
            else if (k < args)
                var = NULL;
            else
                var = w->texts + w->text_offsets.data[ll_atom_text(w, b->vardefs[b->arg_count + k - args].var_name)];
            if (var)
                n = snprintf(buf, sizeof buf, "(running %s).%s", w->texts + w->text_offsets.data[fname], var);
            else
                n = snprintf(buf, sizeof buf, "(running %s).arguments[%d]", w->texts + w->text_offsets.data[fname], (int)k);
            if (n > (int)sizeof buf - 1)
                n = sizeof buf - 1;
            ll_root_value(w, v, ll_text_n(w, buf, n));
        }
    }
}

/*
 * The heap as LeakLab shows it. Roots, in the order paths prefer them: globalThis (node 1), the
 * script's top-level bindings, the host's labelled roots (pending timers), pending jobs; then the
 * environment's own roots; then whatever else something outside the heap holds (`(held by host)`).
 * What none of them reaches is garbage the cycle collector has not freed yet (`unreachable`).
 * `roots` holds `root_count` JSValue pointers; `labels` their labels, separated by '\n'.
 */
/* The WeakMap entries whose key is now reached: their values are followed, held by the map
   (`.get({Key})`) and by the key; until no more are. An entry whose key nothing else reaches keeps
   nothing: its value is garbage the collector will free with the key. */
static void ll_ephemerons(LLWalk *w)
{
    int progress = 1;
    int32_t k;
    while (progress && !w->failed) {
        progress = 0;
        for (k = 0; k < w->weak_entries.length; k += 5) {
            int32_t *e = w->weak_entries.data + k;
            int32_t key = w->node_of[e[1]], id;
            if (e[4] || !(key >= 0 || key == -2))
                continue;
            e[4] = 1;
            progress = 1;
            w->current = w->node_obj.data[e[0]];
            w->from_node = e[0];
            id = ll_meet(w, e[2], w->current, e[3]);
            if (id >= 0) {
                ll_add_edge(w, e[0], id, LE_MAP_VALUE, e[3]);
                if (key > 0)
                    ll_add_edge(w, key, id, LE_INTERNAL, ll_text(w, "WeakMap value"));
            }
        }
        ll_drain(w);
    }
}

static int ll_walk_core(LLWalk *w, LLWalkOut *out, JSContext *ctx, int32_t root_count,
                        JSValueConst **roots, const char *labels, int32_t count_only)
{
    JSRuntime *rt = ctx->rt;
    struct list_head *el;
    int32_t i, n = 0, roots_only = w->roots_only;
    memset(w, 0, sizeof *w);
    ll_alloc_failed = 0;
    w->roots_only = roots_only;
    w->rt = rt;
    w->ctx = ctx;
    w->count_only = count_only;
    ll_w = w;
    list_for_each(el, &rt->gc_obj_list) n++;
    w->n = n;
    w->objs = malloc(sizeof(void *) * (n + 1));
    w->ext = malloc(sizeof(int32_t) * (n + 1));
    w->node_of = malloc(sizeof(int32_t) * (n + 1));
    w->parent = malloc(sizeof(int32_t) * (n + 1));
    w->plabel = malloc(sizeof(int32_t) * (n + 1));
    w->pending = calloc(n + 1, sizeof(int32_t));
    w->atom_size = rt->atom_size;
    w->atom_text = malloc(sizeof(int32_t) * (w->atom_size + 1));
    if (!w->objs || !w->ext || !w->node_of || !w->parent || !w->plabel || !w->pending || !w->atom_text ||
        ll_map_init(&w->index, n) || ll_map_init(&w->text_index, 1024) ||
        ll_map_init(&w->strings, 64) || ll_map_init(&w->protos, 256) || ll_map_init(&w->classes, 256) ||
        ll_map_init(&w->global_cells, 64)) {
        out->failed = 1;
        return -1;
    }
    for (i = 0; i < w->atom_size; i++)
        w->atom_text[i] = -1;
    i = 0;
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        w->objs[i] = h;
        w->ext[i] = h->ref_count;
        w->node_of[i] = -1;
        w->parent[i] = -1;
        w->plabel[i] = -1;
        ll_map_put(&w->index, (uintptr_t)h, i);
        i++;
    }
    /* what the heap itself holds of each object; the rest is held from outside it */
    for (i = 0; i < n; i++)
        mark_children(rt, w->objs[i], ll_count_external);
    ll_read_global_cells(w, ctx);

    ll_add_node(w, LL_ROOT, ll_text(w, "(roots)"), -1, 0, -1, 0);
    /* globalThis */
    {
        int32_t g = ll_index_of(w, JS_VALUE_GET_PTR(ctx->global_obj));
        w->global_node = ll_add_node(w, LL_ROOT, ll_text(w, "globalThis"), -1, 0, g,
                                     g >= 0 ? ((JSObject *)w->objs[g])->ll_serial : 0);
        ll_add_edge(w, 0, w->global_node, LE_ROOT, ll_text(w, "globalThis"));
        if (g >= 0) {
            w->node_of[g] = w->global_node;
            ll_ints_push(&w->queue, g);
        }
    }
    /* the script's top-level let, const and class bindings */
    {
        JSObject *vars = JS_VALUE_GET_OBJ(ctx->global_var_obj);
        JSShapeProperty *prs = get_shape_prop(vars->shape);
        int32_t g = ll_index_of(w, vars);
        if (g >= 0)
            w->node_of[g] = -2;
        for (i = 0; i < vars->shape->prop_count; i++, prs++) {
            if (prs->atom == JS_ATOM_NULL)
                continue;
            w->current = -1;
            w->from_node = 0;
            if ((prs->flags & JS_PROP_TMASK) == JS_PROP_VARREF)
                ll_named_value(w, *vars->prop[i].u.var_ref->pvalue, LE_ROOT, ll_atom_text(w, prs->atom));
            else if ((prs->flags & JS_PROP_TMASK) == JS_PROP_NORMAL)
                ll_named_value(w, vars->prop[i].u.value, LE_ROOT, ll_atom_text(w, prs->atom));
        }
    }
    /* the host's labelled roots */
    {
        const char *at = labels;
        for (i = 0; i < root_count; i++) {
            const char *end = at ? strchr(at, '\n') : NULL;
            int32_t label = at ? ll_text_n(w, at, end ? end - at : (int32_t)strlen(at)) : ll_text(w, "(host)");
            ll_root_value(w, *roots[i], label);
            at = end ? end + 1 : NULL;
        }
    }
    /* pending jobs (promise reactions not run yet) */
    list_for_each(el, &rt->job_list) {
        JSJobEntry *job = list_entry(el, JSJobEntry, link);
        int k;
        for (k = 0; k < job->argc; k++)
            ll_root_value(w, job->argv[k], ll_text(w, "(pending job)"));
    }
    ll_running_frames(w);
    ll_drain(w);
    ll_ephemerons(w);
    /* the environment's own roots (the context holds the built-ins), only now, so that a path
       through globalThis is preferred */
    for (i = 0; i < n; i++) {
        if (w->objs[i]->gc_obj_type == JS_GC_OBJ_TYPE_JS_CONTEXT && w->node_of[i] == -1)
            ll_meet(w, i, -1, ll_text(w, "(engine)"));
    }
    ll_drain(w);
    ll_ephemerons(w);
    /* whatever else is held from outside the heap: the host's handles, a running function */
    for (i = 0; i < n && !w->roots_only; i++) {
        JSGCObjectHeader *h = w->objs[i];
        if (w->ext[i] > 0 && w->node_of[i] == -1) {
            if (ll_is_transparent(w, i)) {
                ll_meet(w, i, -1, ll_text(w, "(held by host)"));
            } else {
                int32_t id = ll_meet(w, i, -1, -1);
                ll_add_edge(w, 0, id, LE_ROOT, ll_text(w, "(held by host)"));
                out->held_by_host++;
            }
            ll_drain(w);
            ll_ephemerons(w);
        }
    }
    /* LeakLab's own state, in its functions' closure variables */
    w->owned_phase = 1;
    for (i = 0; i < w->deferred.length; i++) {
        JSVarRef *r = (JSVarRef *)w->objs[w->deferred.data[i]];
        w->current = -1;
        w->from_node = -1;
        if (JS_VALUE_GET_TAG(*r->pvalue) == JS_TAG_OBJECT) {
            int32_t j = ll_index_of(w, JS_VALUE_GET_PTR(*r->pvalue));
            if (j >= 0 && w->node_of[j] == -1)
                ll_meet(w, j, -1, -1);
        }
    }
    ll_drain(w);
    w->owned_phase = 0;
    /* coverage */
    for (i = 0; i < n; i++) {
        JSGCObjectHeader *h = w->objs[i];
        if ((h->gc_obj_type == JS_GC_OBJ_TYPE_ASYNC_FUNCTION || (h->gc_obj_type == JS_GC_OBJ_TYPE_JS_OBJECT && !ll_is_transparent(w, i))) &&
            !(ll_flags(h) & LL_BASELINE)) {
            if (w->node_of[i] == -4) {
                out->held_by_leaklab++;
                continue;
            }
            out->engine_objects++;
            if (w->node_of[i] >= 0)
                out->reached++;
            else if (w->node_of[i] == -1)
                out->unreachable++;
        }
    }
    for (i = 1; i < w->nodes.length / LL_NODE_FIELDS; i++)
        if (w->nodes.data[i * LL_NODE_FIELDS + 2] >= 0)
            out->with_site++;
    out->named_edges = w->named;
    out->total_edges = w->named + w->unnamed;
    out->failed = w->failed;
    ll_w = NULL;
    return w->failed ? -1 : 0;
}

EMSCRIPTEN_KEEPALIVE
LLWalkOut *leaklab_walk(JSContext *ctx, int32_t root_count, JSValueConst **roots,
                        const char *labels, int32_t count_only)
{
    LLWalk walk, *w = &walk;
    LLWalkOut *out = calloc(1, sizeof(LLWalkOut));
    if (!out)
        return NULL;
    w->roots_only = 0;
    if (ll_walk_core(w, out, ctx, root_count, roots, labels, count_only)) {
        out->failed = 1;
        free(w->nodes.data);
        free(w->edges.data);
        free(w->texts);
        ll_free_walk(w);
        return out;
    }
    out->node_count = w->nodes.length / LL_NODE_FIELDS;
    out->edge_count = w->edges.length / LL_EDGE_FIELDS;
    out->text_count = w->text_count;
    out->text_bytes = w->text_bytes;
    out->nodes = w->nodes.data;
    out->edges = w->edges.data;
    out->texts = w->texts;
    w->nodes.data = NULL;
    w->edges.data = NULL;
    w->texts = NULL;
    ll_free_walk(w);
    return out;
}

/*
 * gc.getReferrers / gc.getReferents: the objects that hold (with `referrers`) or that are held by
 * (without) any of `targets` (a guest array), by the references a walk follows, in the order the
 * walk meets them, each once, appended to `result` (a guest array). `globalThis` stands for a
 * global variable; a top-level binding, a frame or a string is no object to report. Only what the
 * roots reach counts (the host's are given as for leaklab_walk): not what a running function's
 * frame alone holds, such as the arguments of the call asking.
 */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_related(JSContext *ctx, JSValueConst *targets, JSValueConst *result, int32_t referrers,
                        int32_t root_count, JSValueConst **roots, const char *labels)
{
    LLWalk walk, *w = &walk;
    LLWalkOut out;
    LLMap wanted, seen;
    JSObject *list;
    int32_t k, found = 0;
    memset(&out, 0, sizeof out);
    if (JS_VALUE_GET_TAG(*targets) != JS_TAG_OBJECT)
        return -1;
    list = JS_VALUE_GET_OBJ(*targets);
    if (list->class_id != JS_CLASS_ARRAY || !list->fast_array)
        return -1;
    if (ll_map_init(&wanted, list->u.array.count + 1) || ll_map_init(&seen, 64)) {
        ll_map_free(&wanted);
        return -1;
    }
    for (k = 0; k < (int32_t)list->u.array.count; k++)
        if (JS_VALUE_GET_TAG(list->u.array.u.values[k]) == JS_TAG_OBJECT)
            ll_map_put(&wanted, (uintptr_t)JS_VALUE_GET_PTR(list->u.array.u.values[k]), 1);
    w->roots_only = 1;
    if (ll_walk_core(w, &out, ctx, root_count, roots, labels, 0) == 0) {
        int32_t e, count = w->edges.length / LL_EDGE_FIELDS;
        for (e = 0; e < count; e++) {
            int32_t *row = w->edges.data + e * LL_EDGE_FIELDS;
            int32_t from = w->node_obj.data[row[0]], to = w->node_obj.data[row[1]];
            int32_t pick = referrers ? from : to, test = referrers ? to : from;
            JSGCObjectHeader *h;
            if (row[2] == LE_WEAK || pick < 0 || test < 0)
                continue;
            if (ll_map_get(&wanted, (uintptr_t)w->objs[test], 0) != 1)
                continue;
            h = w->objs[pick];
            if (h->gc_obj_type != JS_GC_OBJ_TYPE_JS_OBJECT || ll_map_get(&seen, (uintptr_t)h, 0) == 1)
                continue;
            ll_map_put(&seen, (uintptr_t)h, 1);
            JS_DefinePropertyValueUint32(ctx, *result, found++, JS_DupValue(ctx, JS_MKPTR(JS_TAG_OBJECT, h)), JS_PROP_C_W_E);
        }
    }
    free(w->nodes.data);
    free(w->edges.data);
    free(w->texts);
    ll_free_walk(w);
    ll_map_free(&wanted);
    ll_map_free(&seen);
    return out.failed ? -1 : found;
}

/* ---------------------------------------------------------------- tracemalloc */

/* The size model's coefficients, per node kind: base, per property, per element, per unit of length. */
static int32_t ll_size_model[LL_FRAME + 1][4];

EMSCRIPTEN_KEEPALIVE
void leaklab_set_size_model(const int32_t *coefficients, int32_t kinds)
{
    int32_t k, c;
    for (k = 0; k < kinds && k <= LL_FRAME; k++)
        for (c = 0; c < 4; c++)
            ll_size_model[k][c] = coefficients[k * 4 + c];
}

/* ---------------------------------------------------------------- tracemalloc */

/* A walk's tables, enough to describe and size single objects (ll_describe, ll_size_inputs). */
static int ll_sizing_begin(LLWalk *w, JSContext *ctx)
{
    memset(w, 0, sizeof *w);
    ll_alloc_failed = 0;
    w->rt = ctx->rt;
    w->ctx = ctx;
    if (ll_map_init(&w->text_index, 64) || ll_map_init(&w->protos, 64) || ll_map_init(&w->classes, 64) ||
        ll_map_init(&w->global_cells, 64)) {
        free(w->texts);
        ll_free_walk(w);
        return -1;
    }
    ll_read_global_cells(w, ctx);
    return 0;
}

static void ll_sizing_end(LLWalk *w)
{
    free(w->texts);
    ll_free_walk(w);
}

/* An object's bytes as a walk sizes it (src/heap/size-model.ts). */
static int32_t ll_object_size(LLWalk *w, JSObject *p)
{
    int32_t kind, name, length, props, elements;
    ll_describe(w, p, &kind, &name, &length);
    ll_size_inputs(w, p, &props, &elements);
    return ll_size_model[kind][0] + ll_size_model[kind][1] * props + ll_size_model[kind][2] * elements + ll_size_model[kind][3] * length;
}

/* Whether tracemalloc traces an object: allocated while tracing, at a line of the learner's. The
   objects of the learner's script still allocated count, garbage cycles not yet collected included,
   as in Python. */
static int ll_traced(JSRuntime *rt, JSGCObjectHeader *h)
{
    JSObject *p = (JSObject *)h;
    return h->gc_obj_type == JS_GC_OBJ_TYPE_JS_OBJECT && p->ll_serial >= rt->ll_trace_from && p->ll_site != 0 &&
           !(ll_flags(h) & LL_BASELINE);
}

/* Measure the traced bytes and keep the peak; the next measure is due when the allocations since
   tracing began have doubled (at least 1024 more), as Python's list of traces would have. */
static double ll_trace_measure(JSContext *ctx)
{
    JSRuntime *rt = ctx->rt;
    LLWalk walk;
    struct list_head *el;
    double current = 0;
    uint32_t since;
    if (!rt->ll_trace_from || ll_sizing_begin(&walk, ctx))
        return rt->ll_trace_current;
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        if (ll_traced(rt, h))
            current += ll_object_size(&walk, (JSObject *)h);
    }
    ll_sizing_end(&walk);
    rt->ll_trace_current = current;
    if (current > rt->ll_trace_peak)
        rt->ll_trace_peak = current;
    since = rt->ll_serial - rt->ll_trace_from + 1;
    rt->ll_trace_measure_at = rt->ll_serial + (since < 1024 ? 1024 : since);
    return current;
}

static void ll_trace_poll(JSContext *ctx)
{
    ll_trace_measure(ctx);
}

/* tracemalloc.start() (from the next allocation on), stop() (0) and clearTraces() (start again). */
EMSCRIPTEN_KEEPALIVE
void leaklab_trace(JSRuntime *rt, int32_t on)
{
    rt->ll_trace_from = on ? rt->ll_serial + 1 : 0;
    rt->ll_trace_measure_at = rt->ll_serial + 1024;
    rt->ll_trace_current = 0;
    rt->ll_trace_peak = 0;
}

/* getTracedMemory() and resetPeak(): measures now; out[0] the traced bytes, out[1] the peak. */
EMSCRIPTEN_KEEPALIVE
void leaklab_trace_memory(JSContext *ctx, int32_t reset_peak, double *out)
{
    JSRuntime *rt = ctx->rt;
    if (reset_peak)
        rt->ll_trace_peak = 0;
    out[0] = ll_trace_measure(ctx);
    out[1] = rt->ll_trace_peak;
}

/*
 * takeSnapshot(): the traced objects still allocated, summed by site: appends `site, count, bytes`
 * to `out` (a guest array) for each site. Returns how many sites, -1 on failure. Nothing of the
 * guest runs.
 */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_trace_snapshot(JSContext *ctx, JSValueConst *out)
{
    JSRuntime *rt = ctx->rt;
    LLWalk walk;
    LLMap by_site;
    LLInts sums = { 0 };
    struct list_head *el;
    int32_t k, sites = 0;
    if (!rt->ll_trace_from)
        return 0;
    ll_trace_measure(ctx);
    if (ll_sizing_begin(&walk, ctx))
        return -1;
    if (ll_map_init(&by_site, 256)) {
        ll_sizing_end(&walk);
        return -1;
    }
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        JSObject *p = (JSObject *)h;
        int32_t at;
        if (!ll_traced(rt, h))
            continue;
        at = ll_map_get(&by_site, p->ll_site, -1);
        if (at < 0) {
            at = sums.length;
            if (ll_map_put(&by_site, p->ll_site, at) || ll_ints_push(&sums, (int32_t)p->ll_site) ||
                ll_ints_push(&sums, 0) || ll_ints_push(&sums, 0)) {
                sites = -1;
                break;
            }
        }
        sums.data[at + 1]++;
        sums.data[at + 2] += ll_object_size(&walk, p);
    }
    ll_sizing_end(&walk);
    ll_map_free(&by_site);
    if (sites == 0) {
        for (k = 0; k < sums.length; k++)
            JS_DefinePropertyValueUint32(ctx, *out, k, JS_NewInt32(ctx, sums.data[k]), JS_PROP_C_W_E);
        sites = sums.length / 3;
    }
    free(sums.data);
    return sites;
}

/* A Proxy's target and handler, read from its slots (asking the proxy would run its traps): set as
   out[0] and out[1]; 0, or -1 when value is no proxy. */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_proxy_parts(JSContext *ctx, JSValueConst *value, JSValueConst *out)
{
    JSObject *p;
    if (JS_VALUE_GET_TAG(*value) != JS_TAG_OBJECT)
        return -1;
    p = JS_VALUE_GET_OBJ(*value);
    if (p->class_id != JS_CLASS_PROXY || !p->u.proxy_data)
        return -1;
    JS_DefinePropertyValueUint32(ctx, *out, 0, JS_DupValue(ctx, p->u.proxy_data->target), JS_PROP_C_W_E);
    JS_DefinePropertyValueUint32(ctx, *out, 1, JS_DupValue(ctx, p->u.proxy_data->handler), JS_PROP_C_W_E);
    return 0;
}

/* The next pending job (a promise reaction, a FinalizationRegistry callback), run: 0 when none was
   pending, 1 when it ran, -1 when it threw, the thrown value then set as out[0]. quickjs-emscripten's
   QTS_ExecutePendingJob returns the thrown value or the count of jobs run in one JSValue, so a job
   that throws a number reads as a count there. */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_execute_pending_job(JSContext *ctx, JSValueConst *out)
{
    JSContext *job_ctx;
    int ret = JS_ExecutePendingJob(JS_GetRuntime(ctx), &job_ctx);
    if (ret < 0)
        JS_DefinePropertyValueUint32(ctx, *out, 0, JS_GetException(job_ctx ? job_ctx : ctx), JS_PROP_C_W_E);
    return ret;
}

/* The program's global binding `name`, read from the engine's records (looking it up would ask the
   global object's prototype chain, where a program may have put a Proxy): a top-level let, const or
   class (the context's lexical declarations, which shadow the global object), else an own data
   property of the global object (var, function). Set as out[0] with 1; 0 when there is none, it is
   still uninitialized, or it is an accessor (never called). */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_global_binding(JSContext *ctx, const char *name, JSValueConst *out)
{
    JSValueConst holders[2] = { ctx->global_var_obj, ctx->global_obj };
    JSValue value = JS_UNINITIALIZED;
    JSShapeProperty *prs;
    JSProperty *pr;
    JSAtom atom;
    int i;

    atom = JS_NewAtom(ctx, name);
    if (atom == JS_ATOM_NULL) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        return 0;
    }
    for (i = 0; i < 2; i++) {
        prs = find_own_property(&pr, JS_VALUE_GET_OBJ(holders[i]), atom);
        if (!prs)
            continue;
        if ((prs->flags & JS_PROP_TMASK) == JS_PROP_NORMAL)
            value = pr->u.value;
        else if ((prs->flags & JS_PROP_TMASK) == JS_PROP_VARREF)
            value = *pr->u.var_ref->pvalue;
        break;
    }
    JS_FreeAtom(ctx, atom);
    if (JS_IsUninitialized(value))
        return 0;
    return JS_DefinePropertyValueUint32(ctx, *out, 0, JS_DupValue(ctx, value), JS_PROP_C_W_E) < 0 ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE
void leaklab_walk_free(LLWalkOut *out)
{
    if (!out)
        return;
    free(out->nodes);
    free(out->edges);
    free(out->texts);
    free(out);
}

/* ---------------------------------------------------------------- collector, baseline, slots */

/* The cycle collector, then its next automatic run set as after one of its own (js_trigger_gc):
   gc.collect() is a collection like any other, and what the program makes after it waits for the
   collector as long as it would have then. */
EMSCRIPTEN_KEEPALIVE
void leaklab_run_gc(JSRuntime *rt)
{
    JS_RunGC(rt);
    rt->malloc_gc_threshold = rt->malloc_state.malloc_size + (rt->malloc_state.malloc_size >> 1);
}

/* How many GC objects are JS objects (what QuickJS's obj_count counts), for gc.collect(). */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_object_count(JSRuntime *rt)
{
    struct list_head *el;
    int32_t n = 0;
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        if (h->gc_obj_type == JS_GC_OBJ_TYPE_JS_OBJECT)
            n++;
    }
    return n;
}

/* Everything alive now is the environment: it is walked through but never shown. QuickJS makes
   some built-ins on first use (JS_PROP_AUTOINIT); they are made now, so that a program's first use
   of one does not count it as the program's. */
EMSCRIPTEN_KEEPALIVE
void leaklab_mark_baseline(JSContext *ctx)
{
    JSRuntime *rt = ctx->rt;
    struct list_head *el;
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        JSObject *p;
        int i;
        if (h->gc_obj_type != JS_GC_OBJ_TYPE_JS_OBJECT)
            continue;
        p = (JSObject *)h;
        /* made objects join the end of the list, which this loop reaches too */
        for (i = 0; i < p->shape->prop_count; i++) {
            JSShapeProperty *prs = get_shape_prop(p->shape) + i;
            if (prs->atom != JS_ATOM_NULL && (prs->flags & JS_PROP_TMASK) == JS_PROP_AUTOINIT) {
                if (JS_AutoInitProperty(ctx, p, prs->atom, &p->prop[i], prs) < 0)
                    JS_FreeValue(ctx, JS_GetException(ctx));
            }
        }
    }
    list_for_each(el, &rt->gc_obj_list) {
        JSGCObjectHeader *h = list_entry(el, JSGCObjectHeader, link);
        h->dummy0 |= LL_BASELINE;
    }
}

/* A symbol the prelude keeps an internal slot under (an EventTarget's listeners): its edges are
   internal, labelled `label`. */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_declare_slot(JSContext *ctx, JSValueConst *symbol, const char *label)
{
    if (ll_slots.rt != ctx->rt) {
        ll_slots.rt = ctx->rt;
        ll_slots.count = 0;
    }
    if (JS_VALUE_GET_TAG(*symbol) != JS_TAG_SYMBOL || ll_slots.count >= 32)
        return -1;
    ll_slots.atoms[ll_slots.count] = js_get_atom_index(ctx->rt, JS_VALUE_GET_PTR(*symbol));
    snprintf(ll_slots.labels[ll_slots.count], sizeof ll_slots.labels[0], "%s", label);
    ll_slots.count++;
    return 0;
}

/* ---------------------------------------------------------------- unhandled rejections */

typedef struct LLRejection {
    struct LLRejection *next;
    JSValue promise;
    JSValue reason;
} LLRejection;

typedef struct {
    JSRuntime *rt;
    LLRejection *head;
    int32_t total;
} LLRejections;
static LLRejections ll_rejections;

static void ll_rejection_tracker(JSContext *ctx, JSValueConst promise, JSValueConst reason, BOOL is_handled, void *opaque)
{
    LLRejection **at = &ll_rejections.head;
    (void)opaque;
    if (is_handled) {
        /* handled after all (a later .catch): no longer unhandled */
        while (*at) {
            if (JS_VALUE_GET_PTR((*at)->promise) == JS_VALUE_GET_PTR(promise)) {
                LLRejection *r = *at;
                *at = r->next;
                JS_FreeValue(ctx, r->promise);
                JS_FreeValue(ctx, r->reason);
                free(r);
                ll_rejections.total--;
                return;
            }
            at = &(*at)->next;
        }
        return;
    }
    {
        LLRejection *r = malloc(sizeof *r);
        if (!r)
            return;
        r->next = NULL;
        r->promise = JS_DupValue(ctx, promise);
        r->reason = JS_DupValue(ctx, reason);
        while (*at)
            at = &(*at)->next;
        *at = r;
        ll_rejections.total++;
    }
}

EMSCRIPTEN_KEEPALIVE
void leaklab_track_rejections(JSRuntime *rt)
{
    ll_rejections.rt = rt;
    ll_rejections.head = NULL;
    ll_rejections.total = 0;
    JS_SetHostPromiseRejectionTracker(rt, ll_rejection_tracker, NULL);
}

/* Move the rejections still unhandled into `target` (a guest array), in order; their count. */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_take_rejections(JSContext *ctx, JSValueConst *target)
{
    int32_t n = 0;
    while (ll_rejections.head && ll_rejections.rt == ctx->rt) {
        LLRejection *r = ll_rejections.head;
        ll_rejections.head = r->next;
        JS_DefinePropertyValueUint32(ctx, *target, n++, r->reason, JS_PROP_C_W_E);
        JS_FreeValue(ctx, r->promise);
        free(r);
    }
    ll_rejections.total = 0;
    return n;
}

/* Free what the tracker holds (before the runtime is freed). */
EMSCRIPTEN_KEEPALIVE
void leaklab_forget_rejections(JSRuntime *rt)
{
    while (ll_rejections.head && ll_rejections.rt == rt) {
        LLRejection *r = ll_rejections.head;
        ll_rejections.head = r->next;
        JS_FreeValueRT(rt, r->promise);
        JS_FreeValueRT(rt, r->reason);
        free(r);
    }
    ll_rejections.total = 0;
}

/* ---------------------------------------------------------------- what the collector would free */

/*
 * How many JS objects the cycle collector would free now, without freeing anything: its own first
 * two passes (trial deletion, then the scan that restores every reference count), after which the
 * garbage it found is put back. A sample counts the live objects by it, so a program's garbage
 * cycles never show as growth, and the program's own gc.collect() and finalizers are as they were.
 */
EMSCRIPTEN_KEEPALIVE
int32_t leaklab_garbage_count(JSRuntime *rt)
{
    struct list_head *el, *el1;
    int32_t garbage = 0;
    if (rt->gc_phase != JS_GC_PHASE_NONE)
        return 0;
    gc_decref(rt);
    gc_scan(rt);
    list_for_each_safe(el, el1, &rt->tmp_obj_list) {
        JSGCObjectHeader *p = list_entry(el, JSGCObjectHeader, link);
        if (p->gc_obj_type == JS_GC_OBJ_TYPE_JS_OBJECT)
            garbage++;
        p->mark = 0;
        list_del(&p->link);
        list_add_tail(&p->link, &rt->gc_obj_list);
    }
    return garbage;
}

/* ---------------------------------------------------------------- the learner's calling line */

/* ---------------------------------------------------------------- memory usage, as numbers */

/* JS_ComputeMemoryUsage's fields, in the struct's order, as doubles into `out` (26 of them).
   quickjs-emscripten's computeMemoryUsage hands them over as a guest object read through
   JSON.stringify, which runs the program's code when it has patched the built-ins. */
EMSCRIPTEN_KEEPALIVE
void leaklab_memory_usage(JSRuntime *rt, double *out)
{
    JSMemoryUsage s;
    const int64_t *field = (const int64_t *)&s;
    size_t i;
    JS_ComputeMemoryUsage(rt, &s);
    for (i = 0; i < sizeof s / sizeof(int64_t); i++)
        out[i] = (double)field[i];
}

/* ---------------------------------------------------------------- allocation sites */

#define LL_SITE_COLUMN_BITS 12
#define LL_SITE_MAX_COLUMN ((1 << LL_SITE_COLUMN_BITS) - 1)
#define LL_SITE_MAX_LINE 0x7ffff

/*
 * Where an object being made is attributed: the line and column (line << 12 | column, a column past
 * 4095 read as 4095) the innermost frame of the learner's file is at, or 0. On the way out from the
 * innermost frame, C functions (built-ins), LeakLab's libraries (the DOM, the EventEmitter) and code
 * built at run time (eval, new Function, whose file is "<input>") are passed over: what they make is
 * attributed to the learner's line that called them. A frame of LeakLab's tools met first (console,
 * tracemalloc, gc: flagged by leaklab_mark_tools) means the object is LeakLab's own: 0. Each pc's
 * site is found once per function (find_line_num decodes the whole line table up to it).
 */
static uint32_t ll_allocation_site(JSContext *ctx)
{
    JSRuntime *rt = ctx->rt;
    JSStackFrame *sf;
    if (rt->ll_site_file == JS_ATOM_NULL)
        return 0;
    for (sf = rt->current_stack_frame; sf; sf = sf->prev_frame) {
        JSObject *f;
        JSFunctionBytecode *b;
        uint32_t pc, site;
        int line, col = 0;
        if (JS_VALUE_GET_TAG(sf->cur_func) != JS_TAG_OBJECT)
            continue;
        f = JS_VALUE_GET_OBJ(sf->cur_func);
        if (!ll_is_bytecode_function(f) || !(b = f->u.func.function_bytecode))
            continue;
        if (b->ll_tool)
            return 0;
        if (!b->has_debug || b->debug.filename != rt->ll_site_file)
            continue;
        if (!sf->cur_pc || sf->cur_pc <= b->byte_code_buf || sf->cur_pc > b->byte_code_buf + b->byte_code_len)
            return 0;
        pc = sf->cur_pc - b->byte_code_buf - 1;
        if (!b->ll_site_cache) {
            b->ll_site_cache = js_mallocz_rt(rt, sizeof(uint32_t) * b->byte_code_len);
            if (!b->ll_site_cache)
                return 0;
        }
        site = b->ll_site_cache[pc];
        if (site)
            return site;
        line = find_line_num(ctx, b, pc, &col);
        if (line <= 0)
            return 0;
        if (line > LL_SITE_MAX_LINE)
            line = LL_SITE_MAX_LINE;
        if (col < 0)
            col = 0;
        if (col > LL_SITE_MAX_COLUMN)
            col = LL_SITE_MAX_COLUMN;
        site = ((uint32_t)line << LL_SITE_COLUMN_BITS) | (uint32_t)col;
        b->ll_site_cache[pc] = site;
        return site;
    }
    return 0;
}

/* The learner's file: objects made while its code runs get their line in it. */
EMSCRIPTEN_KEEPALIVE
void leaklab_set_site_file(JSContext *ctx, const char *filename)
{
    JSRuntime *rt = ctx->rt;
    JS_FreeAtomRT(rt, rt->ll_site_file);
    rt->ll_site_file = JS_NewAtom(ctx, filename);
}

/* Flag LeakLab's tool functions: `value` itself when it is one, and the functions among its own
   properties (values, getters and setters). What runs inside them makes LeakLab's objects. */
EMSCRIPTEN_KEEPALIVE
void leaklab_mark_tools(JSContext *ctx, JSValueConst *value)
{
    JSObject *p, *f;
    JSShapeProperty *prs;
    int i;
    (void)ctx;
    if (JS_VALUE_GET_TAG(*value) != JS_TAG_OBJECT)
        return;
    p = JS_VALUE_GET_OBJ(*value);
    if (ll_is_bytecode_function(p) && p->u.func.function_bytecode)
        p->u.func.function_bytecode->ll_tool = 1;
    for (i = 0, prs = get_shape_prop(p->shape); i < p->shape->prop_count; i++, prs++) {
        JSProperty *pr = &p->prop[i];
        JSObject *parts[2] = { NULL, NULL };
        int k;
        if (prs->atom == JS_ATOM_NULL)
            continue;
        if ((prs->flags & JS_PROP_TMASK) == JS_PROP_NORMAL) {
            if (JS_VALUE_GET_TAG(pr->u.value) == JS_TAG_OBJECT)
                parts[0] = JS_VALUE_GET_OBJ(pr->u.value);
        } else if ((prs->flags & JS_PROP_TMASK) == JS_PROP_GETSET) {
            parts[0] = pr->u.getset.getter;
            parts[1] = pr->u.getset.setter;
        }
        for (k = 0; k < 2; k++) {
            f = parts[k];
            if (f && ll_is_bytecode_function(f) && f->u.func.function_bytecode)
                f->u.func.function_bytecode->ll_tool = 1;
        }
    }
}

/* The last allocation number given: the objects made after it have higher ones. */
EMSCRIPTEN_KEEPALIVE
uint32_t leaklab_serial(JSRuntime *rt)
{
    return rt->ll_serial;
}
