// import-doctor for VS Code: starts `import-doctor server` and connects it with vscode-languageclient. Everything
// else (diagnostics, quick fixes, hover, go to definition) is the language server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client = null;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const command = vscode.workspace.getConfiguration("importDoctor").get("path", "import-doctor");
  const server = { command, args: ["server", "--stdio"] };
  client = new LanguageClient(
    "importDoctor",
    "import-doctor",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "python" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.py,pyproject.toml,setup.cfg,setup.py,tox.ini,requirements*.txt,*.lock}") },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
