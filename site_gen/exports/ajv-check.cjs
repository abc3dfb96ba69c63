// Validate Minyi open data with ajv (JSON Schema 2020-12, strict mode), independently of Minyi.
//
//   npm install ajv ajv-formats
//   node ajv-check.cjs schemas/suggestion.schema.json suggestions.json [schema data ...]
//
// Every *.schema.json next to the named schema is loaded, so cross-file $refs resolve by
// their $id. A data file holds one record or a list of records. Two keywords are for editors
// only (yaml-language-server shows them while a clerk types): strict mode accepts them
// because they are declared here as annotations. Exit code 0: every record is valid.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const EDITOR_KEYWORDS = ["enumDescriptions", "x-public-contact"];

function load(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function validator(schemaFile) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ["array", "boolean"] });
  const dir = path.dirname(schemaFile);
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith(".schema.json") && name !== path.basename(schemaFile)) ajv.addSchema(load(path.join(dir, name)));
  }
  return ajv.compile(load(schemaFile));
}

function main(args) {
  if (args.length === 0 || args.length % 2) {
    console.error("usage: node ajv-check.cjs SCHEMA DATA [SCHEMA DATA ...]");
    return 2;
  }
  let failed = 0;
  for (let i = 0; i < args.length; i += 2) {
    const validate = validator(args[i]);
    const data = load(args[i + 1]);
    const records = Array.isArray(data) ? data : [data];
    for (const record of records) {
      if (!validate(record)) {
        failed += 1;
        for (const e of validate.errors) console.log(`${args[i + 1]}: ${record.id}${e.instancePath} ${e.message}`);
      }
    }
    console.log(`${args[i + 1]}: ${records.length} records checked against ${path.basename(args[i])}`);
  }
  console.log(failed ? `${failed} invalid records` : "all records valid");
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
