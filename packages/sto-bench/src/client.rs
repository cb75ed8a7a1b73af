//! The smallest CosmWasm contract that accepts every message: the stand-in cash client of the
//! adapter funding row, so that row measures the adapter (and the USD1 CW20) and not a client's
//! logic.
//!
//! The module is built here with `wasm-encoder` (it is not a workspace artifact). It exports the
//! CosmWasm 2.x ABI (`interface_version_8`, `allocate`, `deallocate`, `instantiate`, `execute`,
//! `memory`) and answers every `instantiate` and `execute` with an empty `Ok` response: no
//! storage access, no messages, no attributes. Variants built by [`stub`] write one key or fail,
//! for the tests of the gas accounting.

use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, EntityType, ExportKind, ExportSection, Function,
    FunctionSection, GlobalSection, GlobalType, ImportSection, MemArg, MemorySection, MemoryType,
    Module, TypeSection, ValType,
};

/// Crate-like name under which the stand-in client appears in traces.
pub const NAME: &str = "cash_client_stub";

/// The JSON of an `Ok` response with nothing in it.
const OK: &[u8] = br#"{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}"#;
/// The JSON of an error.
const ERR: &[u8] = br#"{"error":"refused by the stub"}"#;
/// Where the result region (offset, capacity, length) of `instantiate` sits in memory.
const RESULT_REGION: u32 = 16;
/// Where the result region of `execute` sits, and its response bytes.
const EXECUTE_REGION: u32 = 128;
const EXECUTE_OFFSET: u32 = 160;
/// Regions of the key and value `execute` may write.
const KEY_REGION: u32 = 32;
const VALUE_REGION: u32 = 48;
/// Where the response bytes of `instantiate` sit.
const RESPONSE_OFFSET: u32 = 64;
/// Where the key and value bytes sit.
const KEY_OFFSET: u32 = 256;
const VALUE_OFFSET: u32 = 512;
/// First byte of the bump heap used by `allocate`.
const HEAP_START: i32 = 1024;
/// Memory pages (64 KiB each); the instance is fresh per call, so the heap never fills up.
const PAGES: u64 = 16;

/// What a stub's `execute` does (its `instantiate` always succeeds and does nothing).
#[derive(Clone, Copy, Debug, Default)]
pub struct Stub<'a> {
    /// Write this key and value (at most 200 bytes each) with one `db_write`.
    pub write: Option<(&'a [u8], &'a [u8])>,
    /// Answer an error instead of an empty `Ok` response.
    pub fail: bool,
}

/// The wasm bytes of the stand-in cash client (accepts every message, touches nothing).
pub fn wasm() -> Vec<u8> {
    stub(Stub::default())
}

fn region(offset: u32, len: usize) -> Vec<u8> {
    let len = len as u32;
    [offset, len, len]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect()
}

/// A stub contract doing what `spec` says on `execute`.
pub fn stub(spec: Stub) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []); // 0: interface_version_8
    types.ty().function([ValType::I32], [ValType::I32]); // 1: allocate
    types.ty().function([ValType::I32], []); // 2: deallocate
    types
        .ty()
        .function([ValType::I32, ValType::I32, ValType::I32], [ValType::I32]); // 3: entry points
    types.ty().function([ValType::I32, ValType::I32], []); // 4: db_write

    // Function 0 is the imported `db_write`; the module's own functions follow.
    let mut imports = ImportSection::new();
    imports.import("env", "db_write", EntityType::Function(4));

    let mut functions = FunctionSection::new();
    for ty in [0, 1, 2, 3, 3] {
        functions.function(ty);
    }

    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: PAGES,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });

    let mut globals = GlobalSection::new();
    globals.global(
        GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(HEAP_START),
    );

    let mut exports = ExportSection::new();
    exports.export("interface_version_8", ExportKind::Func, 1);
    exports.export("allocate", ExportKind::Func, 2);
    exports.export("deallocate", ExportKind::Func, 3);
    exports.export("instantiate", ExportKind::Func, 4);
    exports.export("execute", ExportKind::Func, 5);
    exports.export("memory", ExportKind::Memory, 0);

    let mut code = CodeSection::new();
    let mut version = Function::new([]);
    version.instructions().end();
    code.function(&version);

    // allocate(size): region at the heap top, data right after it.
    let arg = MemArg {
        offset: 0,
        align: 2,
        memory_index: 0,
    };
    let at = |offset| MemArg { offset, ..arg };
    let mut allocate = Function::new([(1, ValType::I32)]);
    allocate
        .instructions()
        .global_get(0)
        .local_set(1)
        // region.offset = region + 12
        .local_get(1)
        .local_get(1)
        .i32_const(12)
        .i32_add()
        .i32_store(at(0))
        // region.capacity = size
        .local_get(1)
        .local_get(0)
        .i32_store(at(4))
        // region.length = 0
        .local_get(1)
        .i32_const(0)
        .i32_store(at(8))
        // heap = region + 12 + size, rounded up to 8
        .local_get(1)
        .i32_const(12 + 7)
        .i32_add()
        .local_get(0)
        .i32_add()
        .i32_const(-8)
        .i32_and()
        .global_set(0)
        .local_get(1)
        .end();
    code.function(&allocate);

    let mut deallocate = Function::new([]);
    deallocate.instructions().end();
    code.function(&deallocate);

    // instantiate: empty Ok.
    let mut entry = Function::new([]);
    entry.instructions().i32_const(RESULT_REGION as i32).end();
    code.function(&entry);
    // execute: optional write, then Ok or error.
    let mut entry = Function::new([]);
    if spec.write.is_some() {
        entry
            .instructions()
            .i32_const(KEY_REGION as i32)
            .i32_const(VALUE_REGION as i32)
            .call(0);
    }
    entry.instructions().i32_const(EXECUTE_REGION as i32).end();
    code.function(&entry);

    let response = if spec.fail { ERR } else { OK };
    let (key, value) = spec.write.unwrap_or((b"", b""));
    let mut data = DataSection::new();
    data.active(
        0,
        &ConstExpr::i32_const(RESULT_REGION as i32),
        region(RESPONSE_OFFSET, OK.len()),
    );
    data.active(
        0,
        &ConstExpr::i32_const(EXECUTE_REGION as i32),
        region(EXECUTE_OFFSET, response.len()),
    );
    data.active(
        0,
        &ConstExpr::i32_const(KEY_REGION as i32),
        region(KEY_OFFSET, key.len()),
    );
    data.active(
        0,
        &ConstExpr::i32_const(VALUE_REGION as i32),
        region(VALUE_OFFSET, value.len()),
    );
    for (offset, bytes) in [
        (RESPONSE_OFFSET, OK),
        (EXECUTE_OFFSET, response),
        (KEY_OFFSET, key),
        (VALUE_OFFSET, value),
    ] {
        data.active(
            0,
            &ConstExpr::i32_const(offset as i32),
            bytes.iter().copied(),
        );
    }

    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&globals)
        .section(&exports)
        .section(&code)
        .section(&data);
    module.finish()
}
