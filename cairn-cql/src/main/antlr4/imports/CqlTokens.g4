/*
 * The tokens of Cairn's CQL grammar (see Cql.g4, which imports this). Cql.g4 makes keywords
 * case-insensitive; ISO 8601 duration designators opt out, as in Cassandra.
 */
lexer grammar CqlTokens;

// ---------------------------------------------------------------------------------------
// Lexer. Keywords come first so that they win over IDENT on equal length.

// Reserved keywords (Cassandra 5.0).
K_ADD:          'ADD';
K_ALLOW:        'ALLOW';
K_ALTER:        'ALTER';
K_AND:          'AND';
K_APPLY:        'APPLY';
K_ASC:          'ASC';
K_AUTHORIZE:    'AUTHORIZE';
K_BATCH:        'BATCH';
K_BEGIN:        'BEGIN';
K_BY:           'BY';
K_COLUMNFAMILY: 'COLUMNFAMILY';
K_CREATE:       'CREATE';
K_DELETE:       'DELETE';
K_DESC:         'DESC';
K_DESCRIBE:     'DESCRIBE';
K_DROP:         'DROP';
K_ENTRIES:      'ENTRIES';
K_EXECUTE:      'EXECUTE';
K_FROM:         'FROM';
K_FULL:         'FULL';
K_GRANT:        'GRANT';
K_IF:           'IF';
K_IN:           'IN';
K_INDEX:        'INDEX';
K_INFINITY:     'INFINITY';
K_INSERT:       'INSERT';
K_INTO:         'INTO';
K_IS:           'IS';
K_KEYSPACE:     'KEYSPACE';
K_LIMIT:        'LIMIT';
K_MATERIALIZED: 'MATERIALIZED';
K_MODIFY:       'MODIFY';
K_NAN:          'NAN';
K_NORECURSIVE:  'NORECURSIVE';
K_NOT:          'NOT';
K_NULL:         'NULL';
K_OF:           'OF';
K_ON:           'ON';
K_OR:           'OR';
K_ORDER:        'ORDER';
K_PRIMARY:      'PRIMARY';
K_RENAME:       'RENAME';
K_REVOKE:       'REVOKE';
K_SCHEMA:       'SCHEMA';
K_SELECT:       'SELECT';
K_SET:          'SET';
K_TABLE:        'TABLE';
K_TO:           'TO';
K_TOKEN:        'TOKEN';
K_TRUNCATE:     'TRUNCATE';
K_UNLOGGED:     'UNLOGGED';
K_UPDATE:       'UPDATE';
K_USE:          'USE';
K_USING:        'USING';
K_VIEW:         'VIEW';
K_WHERE:        'WHERE';
K_WITH:         'WITH';

// Unreserved keywords: usable as identifiers.
K_AGGREGATE:    'AGGREGATE';
K_ANN:          'ANN';
K_AS:           'AS';
K_CAST:         'CAST';
K_CLUSTERING:   'CLUSTERING';
K_COMPACT:      'COMPACT';
K_CONTAINS:     'CONTAINS';
K_COUNT:        'COUNT';
K_CUSTOM:       'CUSTOM';
K_DEFAULT:      'DEFAULT';
K_DISTINCT:     'DISTINCT';
K_EXISTS:       'EXISTS';
K_FILTERING:    'FILTERING';
K_FROZEN:       'FROZEN';
K_FUNCTION:     'FUNCTION';
K_GROUP:        'GROUP';
K_JSON:         'JSON';
K_KEY:          'KEY';
K_KEYS:         'KEYS';
K_LIKE:         'LIKE';
K_LIST:         'LIST';
K_MAP:          'MAP';
K_MAXWRITETIME: 'MAXWRITETIME';
K_PARTITION:    'PARTITION';
K_PER:          'PER';
K_REPLACE:      'REPLACE';
K_ROLE:         'ROLE';
K_STATIC:       'STATIC';
K_STORAGE:      'STORAGE';
K_TRIGGER:      'TRIGGER';
K_TTL:          'TTL';
K_TUPLE:        'TUPLE';
K_TYPE:         'TYPE';
K_UNSET:        'UNSET';
K_USER:         'USER';
K_VALUES:       'VALUES';
K_VECTOR:       'VECTOR';
K_WRITETIME:    'WRITETIME';

// Native type names (unreserved).
K_ASCII:        'ASCII';
K_BIGINT:       'BIGINT';
K_BLOB:         'BLOB';
K_BOOLEAN:      'BOOLEAN';
K_COUNTER:      'COUNTER';
K_DATE:         'DATE';
K_DECIMAL:      'DECIMAL';
K_DOUBLE:       'DOUBLE';
K_DURATION:     'DURATION';
K_FLOAT:        'FLOAT';
K_INET:         'INET';
K_INT:          'INT';
K_SMALLINT:     'SMALLINT';
K_TEXT:         'TEXT';
K_TIME:         'TIME';
K_TIMESTAMP:    'TIMESTAMP';
K_TIMEUUID:     'TIMEUUID';
K_TINYINT:      'TINYINT';
K_UUID:         'UUID';
K_VARCHAR:      'VARCHAR';
K_VARINT:       'VARINT';

// '' escapes a quote inside a string; $$...$$ strings take everything up to the next $$.
STRING_LITERAL
    : '\'' (~'\'' | '\'\'')* '\''
    | '$$' .*? '$$'
    ;

// "" escapes a double quote inside a quoted name.
QUOTED_NAME
    : '"' (~'"' | '""')* '"'
    ;

BOOLEAN
    : 'TRUE'
    | 'FALSE'
    ;

// Durations: 1h30m, or ISO 8601 (P1Y2M3D, PT4H, P2W, P0001-02-03T04:05:06).
DURATION
    : DIGIT+ DURATION_UNIT (DIGIT+ DURATION_UNIT)*
    | ISO_DURATION
    ;

// "1." is a float, but in "1..2" (a slice) the integer stops before the range.
FLOAT
    : DIGIT+ '.' DIGIT+ EXPONENT?
    | DIGIT+ '.' {_input.LA(1) != '.'}? EXPONENT?
    | DIGIT+ EXPONENT
    ;

INTEGER
    : DIGIT+
    ;

HEXNUMBER
    : '0' 'X' HEX*
    ;

UUID
    : HEX HEX HEX HEX HEX HEX HEX HEX '-' HEX HEX HEX HEX '-' HEX HEX HEX HEX '-'
      HEX HEX HEX HEX '-' HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX
    ;

IDENT
    : [A-Z] [A-Z0-9_]*
    ;

RANGE
    : '..'
    ;

WS
    : [ \t\r\n]+ -> channel(HIDDEN)
    ;

LINE_COMMENT
    : ('--' | '//') ~[\r\n]* -> channel(HIDDEN)
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

fragment DIGIT
    : [0-9]
    ;

fragment HEX
    : [0-9A-F]
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;

fragment DURATION_UNIT
    : 'Y' | 'MO' | 'W' | 'D' | 'H' | 'M' | 'S' | 'MS' | 'US' | '\u00B5S' | 'NS'
    ;

// ISO 8601 designators are upper case only, as in Cassandra: "p1d" stays an identifier.
fragment ISO_DURATION
    options { caseInsensitive = false; }
    : 'P' DIGIT+ 'Y' (DIGIT+ 'M')? (DIGIT+ 'D')? ISO_TIME?
    | 'P' DIGIT+ 'M' (DIGIT+ 'D')? ISO_TIME?
    | 'P' DIGIT+ 'D' ISO_TIME?
    | 'P' ISO_TIME
    | 'P' DIGIT+ 'W'
    | 'P' DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT
      'T' DIGIT DIGIT ':' DIGIT DIGIT ':' DIGIT DIGIT
    ;

fragment ISO_TIME
    options { caseInsensitive = false; }
    : 'T' DIGIT+ 'H' (DIGIT+ 'M')? (DIGIT+ 'S')?
    | 'T' DIGIT+ 'M' (DIGIT+ 'S')?
    | 'T' DIGIT+ 'S'
    ;
