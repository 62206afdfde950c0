// Highlighting for Drools' DRL: CodeMirror 5 has no mode for it; a simple mode covers what analysts write.
CodeMirror.defineSimpleMode("drl", {
  start: [
    {regex: /"(?:[^\\"]|\\.)*?(?:"|$)/, token: "string"},
    {regex: /\/\/.*/, token: "comment"},
    {regex: /\/\*/, token: "comment", next: "comment"},
    {regex: /@[A-Za-z_][\w.]*/, token: "meta"},
    {regex: /\b(?:package|import|global|declare|rule|query|function|when|then|end|extends|salience|no-loop|agenda-group|activation-group|dialect|enabled|lock-on-active)\b/,
      token: "keyword"},
    {regex: /\b(?:not|exists|forall|accumulate|collect|from|eval|and|or|in|matches|memberOf|contains|soundslike|over|entry-point)\b/,
      token: "keyword"},
    {regex: /\b(?:insert|insertLogical|modify|update|delete|retract)\b/, token: "builtin"},
    {regex: /\b(?:true|false|null)\b/, token: "atom"},
    {regex: /\$[A-Za-z_]\w*/, token: "variable-2"},
    {regex: /-?\d+(?:\.\d+)?/, token: "number"},
    {regex: /[A-Z][\w]*/, token: "type"},
    {regex: /[{[(]/, indent: true},
    {regex: /[}\])]/, dedent: true}
  ],
  comment: [
    {regex: /.*?\*\//, token: "comment", next: "start"},
    {regex: /.*/, token: "comment"}
  ],
  meta: {lineComment: "//", blockCommentStart: "/*", blockCommentEnd: "*/"}
});
