/*
 * Cairn's CQL grammar: the statements of Cassandra 5.0's CQL that Cairn parses.
 *
 * One grammar in three files: this one holds the statements; CqlExpressions (selectors,
 * relations, terms, types, names) and CqlTokens (the lexer) are in src/main/antlr4/imports
 * and merged in by ANTLR's grammar import, which generates one lexer and one parser.
 *
 * The parse tree is turned into the immutable syntax tree of io.cairn.cql.ast by
 * StatementBuilder and its helpers; no rule carries actions, so the grammar reads as the
 * language. Written for ANTLR 4's adaptive prediction: rules are free of left recursion, and
 * chains that could grow without brackets (casts, sign prefixes, field and element selection,
 * arithmetic) are loops rather than recursion, so that the parser's stack depth is bounded by
 * bracket nesting, which StatementParser limits before parsing.
 *
 * Keywords are case-insensitive. Reserved keywords follow Cassandra 5.0's list; every other
 * keyword is accepted as an identifier (rule unreservedKeyword).
 */
grammar Cql;

options { caseInsensitive = true; }

import CqlExpressions, CqlTokens;

// ---------------------------------------------------------------------------------------
// Entry points

singleStatement
    : statement ';'* EOF
    ;

statement
    : selectStatement
    | insertStatement
    | updateStatement
    | deleteStatement
    | batchStatement
    | useStatement
    | truncateStatement
    | createKeyspaceStatement
    | alterKeyspaceStatement
    | dropKeyspaceStatement
    | createTableStatement
    | alterTableStatement
    | dropTableStatement
    | createTypeStatement
    | alterTypeStatement
    | dropTypeStatement
    | createIndexStatement
    | dropIndexStatement
    | createRoleStatement
    | alterRoleStatement
    | dropRoleStatement
    | listStatement
    | grantPermissionsStatement
    | revokePermissionsStatement
    | grantRoleStatement
    | revokeRoleStatement
    | unsupportedStatement
    ;

// ---------------------------------------------------------------------------------------
// SELECT

selectStatement
    : K_SELECT K_JSON? K_DISTINCT? selectClause
      K_FROM tableName
      (K_WHERE whereClause)?
      (K_GROUP K_BY unaliasedSelector (',' unaliasedSelector)*)?
      (K_ORDER K_BY ordering (',' ordering)*)?
      (K_PER K_PARTITION K_LIMIT perPartitionLimit=intValue)?
      (K_LIMIT limit=intValue)?
      (K_ALLOW K_FILTERING)?
    ;

selectClause
    : '*'
    | selector (',' selector)*
    ;

ordering
    : identifier (K_ANN K_OF term)? direction=(K_ASC | K_DESC)?
    ;

// ---------------------------------------------------------------------------------------
// INSERT, UPDATE, DELETE, BATCH

insertStatement
    : K_INSERT K_INTO tableName (insertValues | insertJson) ifNotExists? usingClause?
    ;

insertValues
    : '(' identifier (',' identifier)* ')' K_VALUES '(' term (',' term)* ')'
    ;

insertJson
    : K_JSON (STRING_LITERAL | bindMarker) (K_DEFAULT (K_NULL | unset=K_UNSET))?
    ;

usingClause
    : K_USING usingOption (K_AND usingOption)*
    ;

usingOption
    : K_TIMESTAMP intValue                       # timestampOption
    | K_TTL intValue                             # ttlOption
    ;

updateStatement
    : K_UPDATE tableName usingClause?
      K_SET assignment (',' assignment)*
      K_WHERE whereClause
      updateConditions?
    ;

assignment
    : identifier '=' term                                       # setValueAssignment
    | identifier '=' term '+' other=identifier                  # prependAssignment
    | identifier '=' other=identifier op=('+' | '-') term       # addOrRemoveAssignment
    | identifier op=('+=' | '-=') term                          # shorthandAssignment
    | identifier '[' key=term ']' '=' value=term                # setElementAssignment
    | identifier '.' fieldName '=' term                         # setFieldAssignment
    ;

deleteStatement
    : K_DELETE (columnTarget (',' columnTarget)*)?
      K_FROM tableName
      (K_USING K_TIMESTAMP intValue)?
      K_WHERE whereClause
      updateConditions?
    ;

batchStatement
    : K_BEGIN kind=(K_UNLOGGED | K_COUNTER)? K_BATCH usingClause?
      (batchChild ';'?)*
      K_APPLY K_BATCH
    ;

batchChild
    : insertStatement
    | updateStatement
    | deleteStatement
    ;

// ---------------------------------------------------------------------------------------
// Keyspaces, tables, types, indexes

useStatement
    : K_USE keyspaceName
    ;

truncateStatement
    : K_TRUNCATE tableKeyword? tableName
    ;

createKeyspaceStatement
    : K_CREATE keyspaceKeyword ifNotExists? keyspaceName K_WITH properties
    ;

alterKeyspaceStatement
    : K_ALTER keyspaceKeyword ifExists? keyspaceName K_WITH properties
    ;

dropKeyspaceStatement
    : K_DROP keyspaceKeyword ifExists? keyspaceName
    ;

createTableStatement
    : K_CREATE tableKeyword ifNotExists? tableName
      '(' tableElement (',' tableElement?)* ')'
      (K_WITH tableOption (K_AND tableOption)*)?
    ;

tableElement
    : identifier cqlType isStatic=K_STATIC? (K_PRIMARY K_KEY)?               # columnDefinition
    | K_PRIMARY K_KEY '(' partitionKey (',' identifier)* ')'                  # primaryKeyDefinition
    ;

partitionKey
    : identifier
    | '(' identifier (',' identifier)* ')'
    ;

tableOption
    : K_COMPACT K_STORAGE                                                     # compactStorageOption
    | K_CLUSTERING K_ORDER K_BY '(' clusteringOrder (',' clusteringOrder)* ')' # clusteringOrderOption
    | property                                                                # propertyOption
    ;

clusteringOrder
    : identifier direction=(K_ASC | K_DESC)
    ;

alterTableStatement
    : K_ALTER tableKeyword ifExists? tableName alterTableAction
    ;

alterTableAction
    : K_ALTER identifier K_TYPE cqlType                                              # alterColumnType
    | K_ADD ifNotExists? (addedColumn | '(' addedColumn (',' addedColumn)* ')')      # addColumns
    | K_DROP K_COMPACT K_STORAGE                                                     # dropCompactStorage
    | K_DROP ifExists? (identifier | '(' identifier (',' identifier)* ')')
          (K_USING K_TIMESTAMP timestamp=INTEGER)?                                   # dropColumns
    | K_RENAME ifExists? renamePair (K_AND renamePair)*                              # renameColumns
    | K_WITH properties                                                              # alterTableOptions
    ;

addedColumn
    : identifier cqlType isStatic=K_STATIC?
    ;

renamePair
    : from=identifier K_TO to=identifier
    ;

dropTableStatement
    : K_DROP tableKeyword ifExists? tableName
    ;

createTypeStatement
    : K_CREATE K_TYPE ifNotExists? userTypeName '(' typeField (',' typeField?)* ')'
    ;

typeField
    : fieldName cqlType
    ;

alterTypeStatement
    : K_ALTER K_TYPE ifExists? userTypeName alterTypeAction
    ;

alterTypeAction
    : K_ALTER fieldName K_TYPE cqlType                      # alterFieldType
    | K_ADD ifNotExists? fieldName cqlType                  # addField
    | K_RENAME ifExists? renamePair (K_AND renamePair)*     # renameFields
    ;

dropTypeStatement
    : K_DROP K_TYPE ifExists? userTypeName
    ;

createIndexStatement
    : K_CREATE K_CUSTOM? K_INDEX ifNotExists? indexIdentifier?
      K_ON tableName '(' (indexTarget (',' indexTarget)*)? ')'
      (K_USING indexClass=STRING_LITERAL)?
      (K_WITH properties)?
    ;

indexTarget
    : identifier                                                         # simpleIndexTarget
    | kind=(K_KEYS | K_VALUES | K_ENTRIES | K_FULL) '(' identifier ')'   # collectionIndexTarget
    ;

dropIndexStatement
    : K_DROP K_INDEX ifExists? (keyspaceName '.')? indexIdentifier
    ;

ifExists
    : K_IF K_EXISTS
    ;

ifNotExists
    : K_IF K_NOT K_EXISTS
    ;

// ---------------------------------------------------------------------------------------
// Roles. CREATE/ALTER/DROP USER and LIST USERS are the older forms of the role statements;
// the words of their options (PASSWORD, SUPERUSER, NOSUPERUSER, ROLES, USERS) are not
// keywords in Cassandra either, and are checked by the builder.

createRoleStatement
    : K_CREATE K_ROLE ifNotExists? roleName (K_WITH properties)?
    | K_CREATE K_USER ifNotExists? roleName userOptions
    ;

alterRoleStatement
    : K_ALTER K_ROLE ifExists? roleName K_WITH properties
    | K_ALTER K_USER ifExists? roleName userOptions
    ;

dropRoleStatement
    : K_DROP object=(K_ROLE | K_USER) ifExists? roleName
    ;

// LIST ROLES, LIST USERS and LIST permissions share one form: the builder tells them apart.
listStatement
    : K_LIST permissions (K_ON resource)? (K_OF roleName)? K_NORECURSIVE?
    ;

grantPermissionsStatement
    : K_GRANT permissions K_ON resource K_TO roleName
    ;

revokePermissionsStatement
    : K_REVOKE permissions K_ON resource K_FROM roleName
    ;

grantRoleStatement
    : K_GRANT granted=roleName K_TO grantee=roleName
    ;

revokeRoleStatement
    : K_REVOKE granted=roleName K_FROM revokee=roleName
    ;

// ALL [PERMISSIONS], or permissions each optionally followed by PERMISSION; the words
// that are not keywords (ALL, PERMISSION(S), UNMASK, SELECT_MASKED) are checked by the builder.
permissions
    : permission (',' permission)*
    ;

permission
    : (K_CREATE | K_ALTER | K_DROP | K_SELECT | K_MODIFY | K_AUTHORIZE | K_DESCRIBE | K_EXECUTE | word=identifier)
      suffix=identifier?
    ;

// ALL KEYSPACES, ALL ROLES (and ALL FUNCTIONS [IN KEYSPACE ks], ALL MBEANS, refused by the
// builder), KEYSPACE ks, ROLE r, [TABLE] [ks.]t; functions and MBeans are recognised so that
// they are refused as unsupported rather than as syntax.
resource
    : K_ROLE roleName                                                          # roleResource
    | K_KEYSPACE keyspaceName                                                   # keyspaceResource
    | allWord=identifier kindWord=identifier (K_IN K_KEYSPACE keyspaceName)?   # allResource
    | K_FUNCTION (~(K_TO | K_FROM | K_OF | K_NORECURSIVE | ';'))+              # functionResource
    | mbeanWord=identifier STRING_LITERAL                                      # mbeanResource
    | (K_TABLE | K_COLUMNFAMILY)? tableName                                    # tableResource
    ;

userOptions
    : (K_WITH passwordWord=identifier password=STRING_LITERAL)? superuserWord=identifier?
    ;

roleName
    : identifier
    | STRING_LITERAL
    ;

// Statements Cairn recognises but does not implement yet: parsed loosely, so that the
// executor can answer "not supported" instead of a syntax error.
unsupportedStatement
    : K_CREATE K_MATERIALIZED K_VIEW looseTail                             # createMaterializedView
    | K_ALTER K_MATERIALIZED K_VIEW looseTail                              # alterMaterializedView
    | K_DROP K_MATERIALIZED K_VIEW looseTail                               # dropMaterializedView
    | K_CREATE (K_OR K_REPLACE)? K_FUNCTION looseTail                      # createFunction
    | K_DROP K_FUNCTION looseTail                                          # dropFunction
    | K_CREATE (K_OR K_REPLACE)? K_AGGREGATE looseTail                     # createAggregate
    | K_DROP K_AGGREGATE looseTail                                         # dropAggregate
    | verb=(K_CREATE | K_DROP) K_TRIGGER looseTail                         # triggerStatement
    | (K_DESCRIBE | K_DESC) looseTail                                      # describeStatement
    ;

looseTail
    : (~';')*
    ;

// ---------------------------------------------------------------------------------------
// Options (WITH name = value AND ...)

properties
    : property (K_AND property)*
    ;

property
    : identifier '=' propertyValue
    ;

// Cassandra takes any of its unreserved keywords as a bare value (caching = ALL); Cairn
// takes any unquoted word.
propertyValue
    : optionConstant
    | IDENT
    | unreservedKeyword
    | optionMap
    ;

optionMap
    : '{' (optionEntry (',' optionEntry)*)? '}'
    ;

optionEntry
    : optionConstant ':' (optionConstant | optionMap)
    ;

optionConstant
    : constant
    | '-' numericConstant
    ;
