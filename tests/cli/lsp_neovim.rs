//! lsp with a real editor: Neovim's built-in LSP client, headless, on a draft. Skips, saying so, without `nvim`.
//!
//! Neovim converts the server's UTF-16 columns to byte columns with the buffer's own text, and sends its edits
//! as incremental changes in UTF-16: a wrong column on either side shows up as a wrong byte column here or as an
//! exemption inserted in the middle of a word.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Env;

const SCRIPT: &str = r#"
local out = os.getenv('CL_OUT')
local result = {}
local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CL_DRAFT')))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'claimledger',
    cmd = { os.getenv('CL_BIN'), 'lsp' },
    root_dir = os.getenv('CL_ROOT'),
  })
  vim.lsp.buf_attach_client(buf, id)
  local function plain(list)
    return vim.tbl_map(function(d)
      local lsp = d.user_data and d.user_data.lsp or {}
      return { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, source = d.source, severity = d.severity,
        href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL }
    end, list)
  end
  local function wait(pred)
    return vim.wait(30000, function() return pred(vim.diagnostic.get(buf)) end, 20)
  end
  result.first_in_time = wait(function(d) return #d > 0 end)
  local first = vim.diagnostic.get(buf)
  result.first = plain(first)
  local resp = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 2, character = 10 } }, 30000)
  result.hover = resp and resp[id] and resp[id].result and resp[id].result.contents.value or vim.NIL
  for _, d in ipairs(first) do
    if d.code == 'unsourced-claim' then
      -- Typed where the diagnostic starts, in the buffer's byte columns.
      vim.api.nvim_buf_set_text(buf, d.lnum, d.col, d.lnum, d.col, { '<!-- claimledger-ignore: from the city report --> ' })
    end
  end
  result.line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
  result.cleared_in_time = wait(function(d)
    for _, x in ipairs(d) do if x.code == 'unsourced-claim' then return false end end
    return #d > 0
  end)
  result.after = plain(vim.diagnostic.get(buf))
end)
if not ok then result.error = tostring(err) end
finish()
"#;

const DRAFT: &str = "\
# Қазақстан 🇰🇿 and the accords

Kazakhstan has maintained diplomatic ties with Israel since 1992.

Қазақстан 🇰🇿 is vast. Almaty's metro carried 41 million passengers in 2024.

Kazakhstan is one of twenty founding nations of the Board of Peace.
";

fn nvim() -> Option<String> {
    let found = Command::new("nvim").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    found.is_ok_and(|s| s.success()).then(|| "nvim".to_owned())
}

#[test]
fn neovim_receives_the_diagnostics() {
    let Some(nvim) = nvim() else {
        eprintln!("skipping neovim_receives_the_diagnostics: nvim is not installed (Debian package neovim)");
        return;
    };
    let env = Env::new();
    env.seeded();
    let draft = env.write("draft.md", DRAFT);
    let script = env.write("client.lua", SCRIPT);
    let out = env.path().join("result.json");
    let home = env.path().join("home");
    let mut nvim = Command::new(nvim)
        .current_dir(env.path())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("CLAIMLEDGER_NOW", crate::NOW)
        .env("CLAIMLEDGER_BY", "desk@example.org")
        .env_remove("CLAIMLEDGER_DIR")
        .env("CL_BIN", env!("CARGO_BIN_EXE_claimledger"))
        .env("CL_ROOT", env.path())
        .env("CL_DRAFT", &draft)
        .env("CL_OUT", &out)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim runs");
    let deadline = Instant::now() + Duration::from_secs(120);
    while nvim.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("neovim did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its result"))
        .expect("the result is JSON");
    assert!(result.get("error").is_none(), "the script failed: {result:#}");
    assert_eq!(result["first_in_time"], true, "{result:#}");
    let first = result["first"].as_array().unwrap();
    let codes: Vec<&str> = first.iter().map(|d| d["code"].as_str().unwrap_or("")).collect();
    assert_eq!(codes, ["unsourced-claim", "conflicting-figure"], "{result:#}");
    // Neovim's byte column of "Almaty", after "Қазақстан 🇰🇿 is vast. " (37 bytes, 24 UTF-16 units).
    let unsourced = &first[0];
    assert_eq!((unsourced["lnum"].as_u64(), unsourced["col"].as_u64()), (Some(4), Some(37)), "{result:#}");
    let line = DRAFT.lines().nth(4).unwrap();
    assert_eq!(unsourced["end_col"].as_u64(), Some(line.len() as u64));
    assert_eq!(unsourced["source"], "claimledger");
    assert!(unsourced["href"].as_str().unwrap_or("").ends_with("/docs/rules/unsourced-claim.md"), "{result:#}");
    assert!(result["hover"].as_str().unwrap_or("").contains("Kazakhstan has had diplomatic relations with Israel"));
    assert_eq!(
        result["line"],
        "Қазақстан 🇰🇿 is vast. <!-- claimledger-ignore: from the city report --> Almaty's metro carried 41 million \
         passengers in 2024."
    );
    assert_eq!(result["cleared_in_time"], true, "{result:#}");
    let after: Vec<&str> =
        result["after"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap_or("")).collect();
    assert_eq!(after, ["conflicting-figure"], "{result:#}");
}
