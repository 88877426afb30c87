-- Attaches the Dateline language server to one article in headless Neovim (0.7 API) and writes
-- what it publishes as JSON. Driven by test/nvim/run.mjs through environment variables.
local file = vim.env.DATELINE_FILE
local root = vim.env.DATELINE_ROOT
local out = vim.env.DATELINE_OUT
local server = vim.env.DATELINE_SERVER
local timeout = tonumber(vim.env.DATELINE_TIMEOUT_MS or '20000')

local function write(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
-- Neovim does not know .article files; the filetype becomes the LSP languageId.
vim.bo.filetype = 'article'
local bufnr = vim.api.nvim_get_current_buf()
local bufname = vim.api.nvim_buf_get_name(bufnr)

local published = nil
local client_id = vim.lsp.start_client({
  name = 'dateline',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and vim.uri_to_fname(result.uri) == bufname then
        published = result
      end
    end,
  },
})
if not client_id then
  write({ error = 'vim.lsp.start_client failed' })
  vim.cmd('qall!')
end
vim.lsp.buf_attach_client(bufnr, client_id)

-- Bounded wait: returns as soon as the server has published for this buffer.
local ok = vim.wait(timeout, function()
  return published ~= nil
end, 20)

local client = vim.lsp.get_client_by_id(client_id)
write({
  published = ok,
  diagnostics = ok and published.diagnostics or vim.NIL,
  capabilities = client and client.server_capabilities or vim.NIL,
})
vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd('qall!')
