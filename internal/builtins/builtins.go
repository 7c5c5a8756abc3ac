// Package builtins owns the one table of expr's builtins that every
// analysis of the rules loader reads: for each builtin of
// github.com/expr-lang/expr/builtin, whether its closure's iterations
// count against the step budget, whether it reads whole values (and so
// may read a unit's PriceAfterDiscounts), whether over units it gives
// units again, which compiled item predicate replaces it, and how the
// size of what it builds is bounded.
//
// A builtin that expr adds in a later version is in no row of the table
// until someone decides how it is treated: the package's test ranges
// over builtin.Builtins and fails, naming it. The analysis of a rule's
// coupon and referral use (rules' codeuse.go) needs no column: it reads
// every node of a tree, and takes the value of any builtin as unknown.
//
// builtins imports expr only.
package builtins

// Size says how the size of what a builtin builds is bounded, so that no
// run builds text or a number beyond the loader's memory budget.
type Size int8

const (
	// Fixed: a scalar, or one element of an argument.
	Fixed Size = iota + 1
	// OfArgs: no larger than its arguments (times a small constant
	// that does not compound: upper, lower), or made of their elements.
	OfArgs
	// Counted: expr's VM counts what it builds against the memory
	// budget (a builtin.Function with Safe set).
	Counted
	// Replaced: the loader defines a function of the same name that
	// works out the size of its result before it builds it (rules'
	// budget.go).
	Replaced
	// Closure: what it builds is its closure's results, whose own
	// operations are bounded, one per element of its list.
	Closure
)

// Use is how the loader's analyses treat one builtin.
type Use struct {
	// Loops: it takes a closure (builtin.Function.Predicate), whose
	// body is counted a step an iteration (rules' steps.go).
	Loops bool
	// ReadsWhole: it reads every field of the values it is given, so a
	// program that gives it units may read their PriceAfterDiscounts
	// (rules' lazyprices.go).
	ReadsWhole bool
	// KeepsUnits: its result's elements are elements of its first
	// argument; over units the patcher types the result as units again
	// (asItems).
	KeepsUnits bool
	// Predicate, when set, names the loader's function that does what
	// the builtin does over units with a closure compiled to Go (rules'
	// itempred.go).
	Predicate string
	// Size is how what it builds is bounded.
	Size Size
}

// Table holds a row for every builtin of expr's builtin.Builtins, by
// name.
var Table = map[string]Use{
	// The builtins with a closure.
	"all":           {Loops: true, Predicate: "itemsAll", Size: Fixed},
	"none":          {Loops: true, Predicate: "itemsNone", Size: Fixed},
	"any":           {Loops: true, Predicate: "itemsAny", Size: Fixed},
	"one":           {Loops: true, Size: Fixed},
	"filter":        {Loops: true, KeepsUnits: true, Predicate: "itemsWhere", Size: OfArgs},
	"map":           {Loops: true, Size: Closure},
	"find":          {Loops: true, Size: Fixed},
	"findIndex":     {Loops: true, Size: Fixed},
	"findLast":      {Loops: true, Size: Fixed},
	"findLastIndex": {Loops: true, Size: Fixed},
	"count":         {Loops: true, Predicate: "itemsCount", Size: Fixed},
	"sum":           {Loops: true, Size: Fixed},
	"groupBy":       {Loops: true, Size: OfArgs},
	"sortBy":        {Loops: true, KeepsUnits: true, Size: OfArgs},
	"reduce":        {Loops: true, Size: Closure},

	// Scalars.
	"len":   {Size: Fixed},
	"type":  {Size: Fixed},
	"abs":   {Size: Fixed},
	"ceil":  {Size: Fixed},
	"floor": {Size: Fixed},
	"round": {Size: Fixed},
	"int":   {Size: Fixed},
	"float": {Size: Fixed},

	// Text.
	"string":      {ReadsWhole: true, Size: Replaced},
	"trim":        {Size: OfArgs},
	"trimPrefix":  {Size: OfArgs},
	"trimSuffix":  {Size: OfArgs},
	"upper":       {Size: OfArgs},
	"lower":       {Size: OfArgs},
	"split":       {Size: OfArgs},
	"splitAfter":  {Size: OfArgs},
	"replace":     {Size: Replaced},
	"repeat":      {Size: Counted},
	"join":        {Size: Replaced},
	"indexOf":     {ReadsWhole: true, Size: Fixed},
	"lastIndexOf": {ReadsWhole: true, Size: Fixed},
	"hasPrefix":   {Size: Fixed},
	"hasSuffix":   {Size: Fixed},

	// Numbers.
	"max":    {ReadsWhole: true, Size: Fixed},
	"min":    {ReadsWhole: true, Size: Fixed},
	"mean":   {Size: Fixed},
	"median": {Size: Fixed},

	// Encodings.
	"toJSON":     {ReadsWhole: true, Size: Replaced},
	"fromJSON":   {Size: OfArgs},
	"toBase64":   {Size: Replaced},
	"fromBase64": {Size: OfArgs},

	// Time.
	"now":      {Size: Fixed},
	"duration": {Size: Fixed},
	"date":     {Size: Fixed},
	"timezone": {Size: Fixed},

	// Collections.
	"first":     {Size: Fixed},
	"last":      {Size: Fixed},
	"get":       {ReadsWhole: true, Size: Fixed},
	"take":      {KeepsUnits: true, Size: OfArgs},
	"keys":      {ReadsWhole: true, Size: OfArgs},
	"values":    {ReadsWhole: true, Size: OfArgs},
	"toPairs":   {ReadsWhole: true, Size: OfArgs},
	"fromPairs": {Size: OfArgs},
	"reverse":   {KeepsUnits: true, Size: Counted},
	"uniq":      {ReadsWhole: true, KeepsUnits: true, Size: OfArgs},
	"concat":    {Size: Counted},
	"flatten":   {Size: Counted},
	"sort":      {ReadsWhole: true, KeepsUnits: true, Size: Counted},

	// Bits.
	"bitand":  {Size: Fixed},
	"bitor":   {Size: Fixed},
	"bitxor":  {Size: Fixed},
	"bitnand": {Size: Fixed},
	"bitshl":  {Size: Fixed},
	"bitshr":  {Size: Fixed},
	"bitushr": {Size: Fixed},
	"bitnot":  {Size: Fixed},
}

// Of returns the row of the builtin name; the zero Use for a name that
// is not a builtin of the table.
func Of(name string) Use { return Table[name] }
