/** The package ships no types: a map from property name to a map from value alias to canonical value name. */
declare module 'unicode-property-value-aliases-ecmascript' {
  const aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  export default aliases;
}
