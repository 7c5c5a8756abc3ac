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
	// works out the size of its result before it builds it (internal/closure's
	// budget.go).
	Replaced
	// Closure: what it builds is its closure's results, whose own
	// operations are bounded, one per element of its list.
	Closure
)

// Steps says what a builtin costs against the step budget besides its
// closure's iterations (internal/closure's steps.go).
type Steps int8

const (
	// Constant: constant time, or time bounded by what expr's VM or the
	// memory budget counts already.
	Constant Steps = iota + 1
	// Walks: it goes through the elements of its list or map arguments,
	// or the bytes of its text arguments, without a closure (sum and
	// count when written without one): the step pass charges them before
	// the call, a step an element, or a step a textStepBytes bytes.
	Walks
)

// Use is how the loader's analyses treat one builtin.
type Use struct {
	// Loops: it takes a closure (builtin.Function.Predicate), whose
	// body is counted a step an iteration (internal/closure's steps.go).
	Loops bool
	// ReadsWhole: it reads every field of the values it is given, so a
	// program that gives it units may read their PriceAfterDiscounts
	// (internal/closure's lazyprices.go).
	ReadsWhole bool
	// KeepsUnits: its result's elements are elements of its first
	// argument; over units the patcher types the result as units again
	// (asItems).
	KeepsUnits bool
	// Predicate, when set, names the loader's function that does what
	// the builtin does over units with a closure compiled to Go (internal/closure's
	// itempred.go).
	Predicate string
	// Size is how what it builds is bounded.
	Size Size
	// Steps is what it costs against the step budget besides its
	// closure.
	Steps Steps
}

// Table holds a row for every builtin of expr's builtin.Builtins, by
// name.
var Table = map[string]Use{
	// The builtins with a closure.
	"all":           {Loops: true, Predicate: "itemsAll", Size: Fixed, Steps: Walks},
	"none":          {Loops: true, Predicate: "itemsNone", Size: Fixed, Steps: Walks},
	"any":           {Loops: true, Predicate: "itemsAny", Size: Fixed, Steps: Walks},
	"one":           {Loops: true, Size: Fixed, Steps: Walks},
	"filter":        {Loops: true, KeepsUnits: true, Predicate: "itemsWhere", Size: OfArgs, Steps: Walks},
	"map":           {Loops: true, Size: Closure, Steps: Walks},
	"find":          {Loops: true, Size: Fixed, Steps: Walks},
	"findIndex":     {Loops: true, Size: Fixed, Steps: Walks},
	"findLast":      {Loops: true, Size: Fixed, Steps: Walks},
	"findLastIndex": {Loops: true, Size: Fixed, Steps: Walks},
	"count":         {Loops: true, Predicate: "itemsCount", Size: Fixed, Steps: Walks},
	"sum":           {Loops: true, Size: Fixed, Steps: Walks},
	"groupBy":       {Loops: true, Size: OfArgs, Steps: Walks},
	"sortBy":        {Loops: true, KeepsUnits: true, Size: OfArgs, Steps: Walks},
	"reduce":        {Loops: true, Size: Closure, Steps: Walks},

	// Scalars.
	"len":   {Size: Fixed, Steps: Constant},
	"type":  {Size: Fixed, Steps: Constant},
	"abs":   {Size: Fixed, Steps: Constant},
	"ceil":  {Size: Fixed, Steps: Constant},
	"floor": {Size: Fixed, Steps: Constant},
	"round": {Size: Fixed, Steps: Constant},
	"int":   {Size: Fixed, Steps: Constant},
	"float": {Size: Fixed, Steps: Constant},

	// Text.
	"string":      {ReadsWhole: true, Size: Replaced, Steps: Walks},
	"trim":        {Size: OfArgs, Steps: Walks},
	"trimPrefix":  {Size: OfArgs, Steps: Walks},
	"trimSuffix":  {Size: OfArgs, Steps: Walks},
	"upper":       {Size: OfArgs, Steps: Walks},
	"lower":       {Size: OfArgs, Steps: Walks},
	"split":       {Size: OfArgs, Steps: Walks},
	"splitAfter":  {Size: OfArgs, Steps: Walks},
	"replace":     {Size: Replaced, Steps: Walks},
	"repeat":      {Size: Replaced, Steps: Constant},
	"join":        {Size: Replaced, Steps: Walks},
	"indexOf":     {ReadsWhole: true, Size: Fixed, Steps: Walks},
	"lastIndexOf": {ReadsWhole: true, Size: Fixed, Steps: Walks},
	"hasPrefix":   {Size: Fixed, Steps: Walks},
	"hasSuffix":   {Size: Fixed, Steps: Walks},

	// Numbers.
	"max":    {ReadsWhole: true, Size: Fixed, Steps: Walks},
	"min":    {ReadsWhole: true, Size: Fixed, Steps: Walks},
	"mean":   {Size: Fixed, Steps: Walks},
	"median": {Size: Fixed, Steps: Walks},

	// Encodings.
	"toJSON":     {ReadsWhole: true, Size: Replaced, Steps: Walks},
	"fromJSON":   {Size: OfArgs, Steps: Walks},
	"toBase64":   {Size: Replaced, Steps: Walks},
	"fromBase64": {Size: OfArgs, Steps: Walks},

	// Time.
	"now":      {Size: Fixed, Steps: Constant},
	"duration": {Size: Fixed, Steps: Constant},
	"date":     {Size: Fixed, Steps: Constant},
	"timezone": {Size: Fixed, Steps: Constant},

	// Collections.
	"first":     {Size: Fixed, Steps: Constant},
	"last":      {Size: Fixed, Steps: Constant},
	"get":       {ReadsWhole: true, Size: Fixed, Steps: Constant},
	"take":      {KeepsUnits: true, Size: OfArgs, Steps: Walks},
	"keys":      {ReadsWhole: true, Size: OfArgs, Steps: Walks},
	"values":    {ReadsWhole: true, Size: OfArgs, Steps: Walks},
	"toPairs":   {ReadsWhole: true, Size: OfArgs, Steps: Walks},
	"fromPairs": {Size: OfArgs, Steps: Walks},
	"reverse":   {KeepsUnits: true, Size: Counted, Steps: Walks},
	"uniq":      {ReadsWhole: true, KeepsUnits: true, Size: OfArgs, Steps: Walks},
	"concat":    {Size: Counted, Steps: Walks},
	"flatten":   {Size: Counted, Steps: Walks},
	"sort":      {ReadsWhole: true, KeepsUnits: true, Size: Counted, Steps: Walks},

	// Bits.
	"bitand":  {Size: Fixed, Steps: Constant},
	"bitor":   {Size: Fixed, Steps: Constant},
	"bitxor":  {Size: Fixed, Steps: Constant},
	"bitnand": {Size: Fixed, Steps: Constant},
	"bitshl":  {Size: Fixed, Steps: Constant},
	"bitshr":  {Size: Fixed, Steps: Constant},
	"bitushr": {Size: Fixed, Steps: Constant},
	"bitnot":  {Size: Fixed, Steps: Constant},
}

// Of returns the row of the builtin name; the zero Use for a name that
// is not a builtin of the table.
func Of(name string) Use { return Table[name] }
