/*
 * The expressions of Cairn's CQL grammar (see Cql.g4, which imports this): selectors,
 * relations and conditions, terms, types, names and the keyword sets that may name things.
 */
parser grammar CqlExpressions;

// ---------------------------------------------------------------------------------------
// Selectors

selector
    : unaliasedSelector (K_AS identifier)?
    ;

unaliasedSelector
    : selectorProduct (additiveOperator selectorProduct)*
    ;

selectorProduct
    : selectorGroup (multiplicativeOperator selectorGroup)*
    ;

// Prefixes (sign, type hint) and suffixes (field, element, slice) are loops, not recursion.
selectorGroup
    : selectorPrefix* selectorPrimary selectorModifier*
    ;

selectorPrefix
    : '-'
    | '(' cqlType ')'
    ;

selectorPrimary
    : K_COUNT '(' '*' ')'                                                   # countRowsSelector
    | kind=(K_WRITETIME | K_MAXWRITETIME | K_TTL)
          '(' identifier selectorModifier* ')'                              # writetimeOrTtlSelector
    | K_CAST '(' unaliasedSelector K_AS nativeType ')'                      # castSelector
    | functionName '(' (unaliasedSelector (',' unaliasedSelector)*)? ')'    # functionSelector
    | identifier                                                            # columnSelector
    | constant                                                              # constantSelector
    | K_NULL                                                                # nullSelector
    | bindMarker                                                            # markerSelector
    | '[' (unaliasedSelector (',' unaliasedSelector)*)? ']'                 # listSelector
    | '{' '}'                                                               # emptyBracesSelector
    | '{' selectorEntry (',' selectorEntry)* '}'                            # mapSelector
    | '{' unaliasedSelector (',' unaliasedSelector)* '}'                    # setSelector
    | '(' unaliasedSelector (',' unaliasedSelector)* ')'                    # tupleSelector
    ;

selectorEntry
    : key=unaliasedSelector ':' value=unaliasedSelector
    ;

selectorModifier
    : '.' fieldName                                  # fieldModifier
    | '[' term ']'                                   # elementModifier
    | '[' lower=term RANGE upper=term? ']'           # sliceFromModifier
    | '[' RANGE upper=term ']'                       # sliceToModifier
    ;

// ---------------------------------------------------------------------------------------
// WHERE and IF

whereClause
    : relation (K_AND relation)*
    ;

relation
    : identifier comparisonOperator term                                     # simpleRelation
    | identifier K_LIKE term                                                 # likeRelation
    | identifier K_IS K_NOT K_NULL                                           # isNotNullRelation
    | identifier K_IN inValues                                               # inRelation
    | identifier K_CONTAINS K_KEY? term                                      # containsRelation
    | identifier '[' key=term ']' comparisonOperator value=term              # elementRelation
    | K_TOKEN '(' identifier (',' identifier)* ')' comparisonOperator term   # tokenRelation
    | '(' identifier (',' identifier)* ')' K_IN multiColumnInValues          # multiColumnInRelation
    | '(' identifier (',' identifier)* ')' comparisonOperator multiColumnValue  # multiColumnRelation
    | '(' relation ')'                                                       # parenthesizedRelation
    ;

comparisonOperator
    : '=' | '!=' | '<' | '<=' | '>' | '>='
    ;

inValues
    : '(' (term (',' term)*)? ')'
    | bindMarker
    ;

multiColumnInValues
    : '(' (multiColumnValue (',' multiColumnValue)*)? ')'
    | bindMarker
    ;

multiColumnValue
    : tupleLiteral
    | bindMarker
    ;

updateConditions
    : K_IF K_EXISTS
    | K_IF condition (K_AND condition)*
    ;

condition
    : columnTarget comparisonOperator term       # comparisonCondition
    | columnTarget K_IN inValues                 # inCondition
    | identifier K_CONTAINS K_KEY? term          # containsCondition
    ;

columnTarget
    : identifier                                 # wholeColumn
    | identifier '[' term ']'                    # columnElement
    | identifier '.' fieldName                   # columnField
    ;

// ---------------------------------------------------------------------------------------
// Terms

term
    : termProduct (additiveOperator termProduct)*
    ;

termProduct
    : termGroup (multiplicativeOperator termGroup)*
    ;

// Sign and cast prefixes form a loop, not recursion: "(int) (int) -x" nests no rule calls.
termGroup
    : termPrefix* primaryTerm
    ;

termPrefix
    : '-'
    | '(' cqlType ')'
    ;

additiveOperator
    : '+' | '-'
    ;

multiplicativeOperator
    : '*' | '/' | '%'
    ;

primaryTerm
    : constant                                               # constantTerm
    | K_NULL                                                 # nullTerm
    | bindMarker                                             # markerTerm
    | '[' (term (',' term)*)? ']'                            # listTerm
    | '{' '}'                                                # emptyBracesTerm
    | '{' mapEntry (',' mapEntry)* '}'                       # mapTerm
    | '{' term (',' term)* '}'                               # setTerm
    | '{' udtField (',' udtField)* '}'                       # udtTerm
    | tupleLiteral                                           # tupleTerm
    | functionName '(' (term (',' term)*)? ')'               # functionTerm
    | K_CAST '(' term K_AS nativeType ')'                    # castTerm
    ;

mapEntry
    : key=term ':' value=term
    ;

udtField
    : fieldName ':' term
    ;

tupleLiteral
    : '(' term (',' term)* ')'
    ;

constant
    : STRING_LITERAL
    | numericConstant
    | BOOLEAN
    | UUID
    | HEXNUMBER
    ;

numericConstant
    : INTEGER
    | FLOAT
    | DURATION
    | K_NAN
    | K_INFINITY
    ;

bindMarker
    : '?'                                       # positionalMarker
    | ':' identifier                            # namedMarker
    ;

intValue
    : '-'? INTEGER
    | bindMarker
    ;

// ---------------------------------------------------------------------------------------
// Types

cqlType
    : nativeType                                            # nativeCqlType
    | K_LIST '<' cqlType '>'                                # listType
    | K_SET '<' cqlType '>'                                 # setType
    | K_MAP '<' key=cqlType ',' value=cqlType '>'           # mapType
    | K_TUPLE '<' cqlType (',' cqlType)* '>'                # tupleType
    | K_VECTOR '<' cqlType ',' dimension=INTEGER '>'        # vectorType
    | K_FROZEN '<' cqlType '>'                              # frozenType
    | userTypeName                                          # userType
    | STRING_LITERAL                                        # customType
    ;

nativeType
    : nativeTypeKeyword
    ;

// ---------------------------------------------------------------------------------------
// Names

keyspaceName
    : identifier
    | '?'
    ;

tableName
    : (keyspaceName '.')? tableIdentifier
    ;

tableIdentifier
    : identifier
    | '?'
    ;

indexIdentifier
    : identifier
    | '?'
    ;

userTypeName
    : (keyspace=identifier '.')? userTypeIdentifier
    ;

// Native type names are not reserved, but cannot name a user type.
userTypeIdentifier
    : IDENT
    | QUOTED_NAME
    | basicUnreservedKeyword
    | K_KEY
    ;

functionName
    : (keyspace=identifier '.')? functionIdentifier
    ;

functionIdentifier
    : IDENT
    | QUOTED_NAME
    | basicUnreservedKeyword
    | nativeTypeKeyword
    | K_TOKEN
    | K_COUNT
    ;

fieldName
    : identifier
    ;

identifier
    : IDENT
    | QUOTED_NAME
    | unreservedKeyword
    ;

keyspaceKeyword
    : K_KEYSPACE
    | K_SCHEMA
    ;

tableKeyword
    : K_TABLE
    | K_COLUMNFAMILY
    ;

unreservedKeyword
    : basicUnreservedKeyword
    | nativeTypeKeyword
    | K_TTL | K_COUNT | K_WRITETIME | K_MAXWRITETIME | K_KEY | K_CAST | K_JSON | K_DISTINCT
    ;

basicUnreservedKeyword
    : K_AGGREGATE | K_ANN | K_AS | K_CLUSTERING | K_COMPACT | K_CONTAINS | K_CUSTOM
    | K_DEFAULT | K_EXISTS | K_FILTERING | K_FROZEN | K_FUNCTION | K_GROUP | K_KEYS
    | K_LIKE | K_LIST | K_MAP | K_PARTITION | K_PER | K_REPLACE | K_ROLE | K_STATIC
    | K_STORAGE | K_TRIGGER | K_TUPLE | K_TYPE | K_UNSET | K_USER | K_VALUES | K_VECTOR
    ;

nativeTypeKeyword
    : K_ASCII | K_BIGINT | K_BLOB | K_BOOLEAN | K_COUNTER | K_DATE | K_DECIMAL | K_DOUBLE
    | K_DURATION | K_FLOAT | K_INET | K_INT | K_SMALLINT | K_TEXT | K_TIME | K_TIMESTAMP
    | K_TIMEUUID | K_TINYINT | K_UUID | K_VARCHAR | K_VARINT
    ;
