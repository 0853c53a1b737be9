/**
 * FOR TESTS ONLY: a small workspace (a kit with three examples of each kind and one email use case
 * with a passing and a failing test) shared by the library's unit tests and the CLI's end-to-end tests.
 */
export const FIXTURE_BRAND = `name: Fizzwell
locale: en-US
terms:
  brand_names: [Fizzwell]
claims:
  - id: detox
    level: error
    message: "A drink cannot detox; drop '%s'."
    phrases: [detox]
examples:
  compliant:
    - text: Zero sugar, all the sparkle. Fizzwell Zero has 5 calories a can.
      why: Plain numbers.
    - text: Hibiscus and ginger, cold from the fridge.
      why: Real ingredients.
    - text: Crack one open at 3 p.m.
      why: Short.
  noncompliant:
    - text: Fizzwell will detox your body.
      why: A detox claim.
      expect: [Brand.Claims]
    - text: Try FizzWell today.
      why: Misspelt name.
      expect: [Brand.Names]
    - text: FizzWell detox.
      why: Both.
`;

export const FIXTURE_EMAIL = `name: Promotional email
owner: Maya
asset_type: email
channels: [email]
inputs:
  - name: product
    required: true
output:
  fields:
    - name: subject
      max_chars: 30
    - name: body
      max_words: 20
instructions: Write about {{product}} for {{audience}}.
examples:
  - brief: {product: Fizzwell Zero}
    output: {subject: Meet Fizzwell Zero, body: "Zero sugar, all the sparkle."}
tests:
  - name: a good email passes
    brief: {product: Fizzwell Zero}
    output: {subject: Meet Fizzwell Zero, body: "Zero sugar, all the sparkle."}
    expect: pass
  - name: catches a detox claim
    brief: {product: Fizzwell Zero}
    output: {subject: Fizzwell detox, body: Zero sugar.}
    expect: [Brand.Claims.detox]
`;
