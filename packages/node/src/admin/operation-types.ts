// Types the generated admin methods (./generated) use to name an operation's parts from the spec's
// `operations`.

/** The JSON request body of an operation. */
export type Body<Op> = Op extends { requestBody?: infer B }
  ? NonNullable<B> extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never

/** The query parameters of an operation. */
export type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

/** The JSON body of an operation's success response (200, 201 or 202). */
export type Success<Op> = Op extends { responses: infer R }
  ? {
      [S in keyof R & (200 | 201 | 202)]: R[S] extends { content: { 'application/json': infer J } }
        ? J
        : never
    }[keyof R & (200 | 201 | 202)]
  : never
