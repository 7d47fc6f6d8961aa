-- Measures CaseMark's language server from Neovim's own LSP client (run by
-- bench/neovim.bench.ts with `nvim --headless -u NONE -l`-free `-c luafile`): opens a note,
-- types one character at a time inside labels, and records when Neovim sent each
-- didChange and when the diagnostics of that version arrived. Neovim computes the
-- incremental change and applies its own debounce (flags.debounce_text_changes).
local env = function(k, d) local v = os.getenv(k); if v == nil or v == '' then return d end; return v end
local server, note, out = env('CASEMARK_SERVER'), env('CASEMARK_NOTE'), env('CASEMARK_OUT')
local edits = tonumber(env('CASEMARK_EDITS', '200'))
local debounce = tonumber(env('CASEMARK_DEBOUNCE', '150'))
local now = function() return vim.loop.hrtime() / 1e6 end

vim.cmd('edit ' .. vim.fn.fnameescape(note))
local buf = vim.api.nvim_get_current_buf()
local sent, got = {}, {}
local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  local t = now()
  if result and result.version and not got[result.version] then got[result.version] = t end
  got.any = got.any or t
  return default(err, result, ctx, config)
end

local opened = now()
local id = vim.lsp.start_client({
  name = 'casemark', cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(note, ':p:h'),
  flags = { debounce_text_changes = debounce },
})
local client = vim.lsp.get_client_by_id(id)
local notify = client.notify
client.notify = function(method, params)
  if method == 'textDocument/didChange' then sent[params.textDocument.version] = now() end
  return notify(method, params)
end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(120000, function() return got.any ~= nil end, 5) then error('no diagnostics after opening the note') end
local first = got.any - opened

-- Where to type: the first letter of :drug[…] and :lab[…] labels (byte columns, as Neovim counts).
local spots = {}
for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  for col in line:gmatch(':drug%[()%a') do spots[#spots + 1] = { row - 1, col - 1 } end
  for col in line:gmatch(':lab%[()%a') do spots[#spots + 1] = { row - 1, col - 1 } end
end
local seed = 12345
local rand = function() seed = (seed * 48271) % 2147483647; return seed / 2147483647 end

local fromEdit, fromSend = {}, {}
for _ = 1, edits do
  local spot = spots[math.floor(rand() * #spots) + 1]
  local ch = string.char(97 + math.floor(rand() * 26))
  local t = now()
  vim.api.nvim_buf_set_text(buf, spot[1], spot[2], spot[1], spot[2] + 1, { ch })
  local v = vim.api.nvim_buf_get_changedtick(buf)
  if not vim.wait(30000, function() return got[v] ~= nil end, 1) then error('no diagnostics for version ' .. v) end
  fromEdit[#fromEdit + 1] = got[v] - t
  fromSend[#fromSend + 1] = got[v] - sent[v]
end

local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ nvim = vim.version(), debounce = debounce, first = first, fromEdit = fromEdit, fromSend = fromSend }))
f:close()
vim.lsp.stop_client(id)
vim.cmd('qa!')
